using System.Globalization;
using System.Text.Json;
using MeiroMmm.Domain.Mmm.Demo;
using MeiroMmm.Infrastructure.Mmm;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MeiroMmm.Web.Mmm;

public sealed partial class MmmPage
{
    private sealed record TruthRow(string Channel, double Spend, double Contribution, double Roas, double Alpha);

    private IReadOnlyList<DatasetSummary>? _datasets;
    private DatasetDetail? _selected;
    private List<TruthRow>? _truth;
    private string? _error;
    private IReadOnlyDictionary<string, double>? _trueRoas;

    private bool _uploading;

    /// <summary>?run={id}: open the dataset of that run and show it (a link to one run; a live fit shows its progress).</summary>
    [SupplyParameterFromQuery(Name = "run")] public Guid? Run { get; set; }

    private string PeriodName => _selected?.Summary.Frequency == PeriodDates.Daily ? "day" : "week";
    private string PeriodStarting => _selected?.Summary.Frequency == PeriodDates.Daily ? "Day" : "Week starting";

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _datasets = await Datasets.ListAsync(CancellationToken.None);
            if (_datasets.Count > 0) await SelectAsync(await InitialDatasetAsync(_datasets));
        }
        catch (System.Data.Common.DbException e) { _error = e.Message; }
    }

    /// <summary>
    /// The run asked for in the address, else the dataset of a fit still running (reopening the page re-attaches to its
    /// live progress), else the newest dataset.
    /// </summary>
    private async Task<DatasetSummary> InitialDatasetAsync(IReadOnlyList<DatasetSummary> datasets)
    {
        var runs = await Runs.ListAsync(null, CancellationToken.None);
        var wanted = runs.FirstOrDefault(r => r.Id == Run) ?? runs.FirstOrDefault(r => Runner.Progress(r.Id) is not null);
        return datasets.FirstOrDefault(d => d.Id == wanted?.DatasetId) ?? datasets[0];
    }

    private async Task UploadedAsync(DatasetSummary saved)
    {
        _uploading = false;
        _datasets = await Datasets.ListAsync(CancellationToken.None);
        await SelectAsync(saved);
    }

    private async Task DeleteAsync(DatasetSummary dataset)
    {
        bool? confirmed = await Dialogs.ShowMessageBoxAsync("Delete dataset",
            $"Delete '{dataset.Name}' with all its model runs? This cannot be undone.", yesText: "Delete", cancelText: "Keep it");
        if (confirmed != true) return;
        if ((await Runs.ListAsync(dataset.Id, CancellationToken.None)).Any(r => Runner.Progress(r.Id) is not null))
        {
            await Dialogs.ShowMessageBoxAsync("Delete dataset", "A fit of this dataset is still running; cancel it first.");
            return;
        }
        await Datasets.DeleteAsync(dataset.Id, CancellationToken.None);
        _datasets = await Datasets.ListAsync(CancellationToken.None);
        _selected = null;
        if (_datasets.Count > 0) await SelectAsync(_datasets[0]);
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
