using MeiroMmm.Domain.Mmm;
using MeiroMmm.Infrastructure.Mmm;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Support;

/// <summary>
/// Budget-scenario test data on the real host: a quick Laplace fit of the demo dataset (156 weeks), and a newer dataset
/// that re-uploads the demo with 13 more weeks (weeks 157–169 repeat weeks 105–117, the same season a year earlier), so a
/// 13-week plan made on the run has its whole horizon realized.
/// </summary>
public static class ScenarioFixtures
{
    public const int DemoWeeks = 156, LaterWeeks = 13, CopiedFrom = 104;

    public static async Task<(Guid RunId, DatasetSummary Demo, DatasetSummary Later)> DemoRunAsync(IServiceProvider services, CancellationToken ct)
    {
        var datasets = services.GetRequiredService<DatasetStore>();
        var demo = (await datasets.ListAsync(ct)).Single(d => d.Origin == "demo");
        var full = (await datasets.GetAsync(demo.Id, ct))!.Data;
        NamedSeries Extend(NamedSeries s) => new(s.Name, [.. s.Values, .. s.Values[CopiedFrom..(CopiedFrom + LaterWeeks)]]);
        var later = new MmmWideData([.. full.Dates, .. Enumerable.Range(1, LaterWeeks).Select(w => full.Dates[^1].AddDays(7 * w))],
            [.. full.Kpis.Select(Extend)], [.. full.Channels.Select(Extend)], [.. full.Controls.Select(Extend)]);
        var laterSummary = await datasets.SaveAsync("Demo weekly sales with 13 more weeks", "weekly", later, "upload", demo.CreatedAt.AddMinutes(1), ct);
        var runner = services.GetRequiredService<ModelFitRunner>();
        var start = await runner.StartAsync(ModelRunSettings.Preview(demo.Id, demo.Kpis[0], demo.Channels, demo.Controls), ct);
        await runner.WaitAsync(start.RunId!.Value);
        return (start.RunId.Value, demo, laterSummary);
    }
}
