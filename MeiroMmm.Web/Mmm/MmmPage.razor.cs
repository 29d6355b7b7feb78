using System.Globalization;
using System.Text.Json;
using MeiroMmm.Domain.Mmm.Demo;
using MeiroMmm.Infrastructure.Mmm;

namespace MeiroMmm.Web.Mmm;

public sealed partial class MmmPage
{
    private sealed record TruthRow(string Channel, double Spend, double Contribution, double Roas, double Alpha);

    private IReadOnlyList<DatasetSummary>? _datasets;
    private DatasetDetail? _selected;
    private List<TruthRow>? _truth;
    private string? _error;
    private IReadOnlyDictionary<string, double>? _trueRoas;

    private string KpiName => _selected?.Data.Kpis.FirstOrDefault()?.Name ?? "KPI";

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _datasets = await Datasets.ListAsync(CancellationToken.None);
            if (_datasets.Count > 0) await SelectAsync(_datasets[0]);
        }
        catch (System.Data.Common.DbException e) { _error = e.Message; }
    }

    private async Task SelectAsync(DatasetSummary summary)
    {
        _selected = await Datasets.GetAsync(summary.Id, CancellationToken.None);
        _truth = null;
        _trueRoas = null;
        if (_selected?.TruthJson is { } json && JsonSerializer.Deserialize<DemoMmmTruth>(json, MeiroMmm.Infrastructure.Persistence.StoredJson.Options) is { } truth)
        {
            _trueRoas = truth.TrueRoas;
            _truth = [.. _selected.Data.Channels.Select(c => new TruthRow(c.Name, c.Values.Sum(),
                truth.TrueContribution.GetValueOrDefault(c.Name), truth.TrueRoas.GetValueOrDefault(c.Name),
                truth.Parameters.GetValueOrDefault($"adstock_alpha[{c.Name}]")))];
        }
    }

    private static string Money(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
