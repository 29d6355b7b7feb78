using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Infrastructure.Mmm;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Support;

/// <summary>
/// Budget-scenario test data on the real host: the demo dataset cut at week 143 ("history"), a quick Laplace fit of it,
/// so the demo's weeks 144–156 arrive after a 13-week plan's start (the demo dataset itself is the actuals).
/// </summary>
public static class ScenarioFixtures
{
    public const int HistoryWeeks = 143;

    public static async Task<(Guid RunId, DatasetSummary Demo)> HistoryRunAsync(IServiceProvider services, CancellationToken ct)
    {
        var datasets = services.GetRequiredService<DatasetStore>();
        var demo = (await datasets.ListAsync(ct)).Single(d => d.Origin == "demo");
        var full = await datasets.GetAsync(demo.Id, ct);
        var history = await datasets.SaveAsync("Demo weekly sales to week 143", "weekly", ScaledMmmData.Head(full!.Data, HistoryWeeks), "upload",
            demo.CreatedAt.AddMinutes(-1), ct);   // older than the demo, so the demo is the newest dataset with the later weeks
        var runner = services.GetRequiredService<ModelFitRunner>();
        var start = await runner.StartAsync(ModelRunSettings.Preview(history.Id, demo.Kpis[0], demo.Channels, demo.Controls), ct);
        await runner.WaitAsync(start.RunId!.Value);
        return (start.RunId.Value, demo);
    }
}
