using System.Data.Common;
using MeiroMmm.Infrastructure.Experiments;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MeiroMmm.Web.Experiments;

public sealed partial class ExperimentsPage(ExperimentStore store, IDialogService dialogs, NavigationManager navigation, ExperimentNightlyTask nightly)
{
    private IReadOnlyList<ExperimentSummary>? _experiments;
    private string? _error;
    private bool _runningReport;
    private string? _reportMessage;
    private Severity _reportSeverity = Severity.Info;

    private IReadOnlyList<string> CompletedChannels => _experiments is null ? [] :
        [.. _experiments.Where(e => e.Status is ExperimentStatus.Completed or ExperimentStatus.Archived).Select(e => e.Channel).Distinct().Order()];

    /// <summary>The same run as the 02:00 job: complete what has ended, store today's results, raise alerts.</summary>
    private async Task RunNightlyAsync()
    {
        _runningReport = true;
        _reportMessage = null;
        try
        {
            var report = await nightly.RunReportAsync(CancellationToken.None);
            var alerts = report.Experiments.SelectMany(e => e.Alerts.Select(a => a.Level)).ToList();
            int completed = report.Experiments.Count(e => e.CompletedNow);
            _reportSeverity = alerts.Contains("error") ? Severity.Error : alerts.Contains("warning") ? Severity.Warning : Severity.Success;
            _reportMessage = report.Experiments.Count == 0
                ? "No running experiments: nothing to report."
                : $"Stored today's results of {report.Experiments.Count} running experiment(s); {completed} reached their end and were completed. " +
                  $"Alerts: {(alerts.Count == 0 ? "none" : string.Join(", ", alerts.GroupBy(a => a).Select(g => $"{g.Count()} {g.Key}")))}. Open an experiment to read them.";
            _experiments = await store.ListAsync(CancellationToken.None);
        }
        catch (DbException e)
        {
            _reportSeverity = Severity.Error;
            _reportMessage = $"The nightly report could not run: {e.Message}";
        }
        _runningReport = false;
    }

    protected override async Task OnInitializedAsync()
    {
        try { _experiments = await store.ListAsync(CancellationToken.None); }
        catch (DbException e) { _error = e.Message; }
    }

    private async Task NewExperimentAsync()
    {
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await dialogs.ShowAsync<NewExperimentDialog>("New experiment", options);
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: int id }) navigation.NavigateTo($"/experiments/{id}");
    }
}
