using System.Data.Common;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Experiments;
using MeiroMmm.Infrastructure.Mmm;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MeiroMmm.Web.Experiments;

/// <summary>
/// A lift test (<see cref="ExperimentLiftTestService"/> for one experiment, <see cref="ExperimentMetaAnalysisService"/> for a
/// channel's pooled experiments) handed to <see cref="ModelFitRunner"/>, the service behind POST /api/models, with every
/// spend column and control of the chosen dataset. Closes with the new run's id.
/// </summary>
public sealed partial class SendToModelRunDialog(DatasetStore datasets, ModelFitRunner runner, ExperimentLiftTestService liftTests, ExperimentMetaAnalysisService metaAnalysis,
    ChannelSpendMappingStore mappings)
{
    [CascadingParameter] public IMudDialogInstance? Dialog { get; set; }

    /// <summary>The completed experiment whose lift test calibrates the fit; null for the channel's pooled lift test.</summary>
    [Parameter] public int? ExperimentId { get; set; }

    /// <summary>The experiment channel (email, push, …), matched against the dataset's spend columns.</summary>
    [Parameter, EditorRequired] public string Channel { get; set; } = "";

    private IReadOnlyList<DatasetSummary>? _datasets;
    private Guid? _datasetId;
    private string? _kpi;
    private string? _mmmChannel;
    private string? _mappedColumn;
    private FitMethod _method = FitMethod.Nuts;
    private double? _spend;
    private double _periodDays = 7;
    private double? _profilesPerPeriod;
    private double? _costPerProfile;
    private bool _busy;
    private List<string> _errors = [];

    private DatasetSummary? Dataset => _datasets?.FirstOrDefault(d => d.Id == _datasetId);

    private string ChannelHelp => _mmmChannel is not null && _mmmChannel == _mappedColumn
        ? "From the dataset's channel ↔ spend column mapping (or its name match); change it if another column is this channel's spend"
        : "The mapping gives this channel no column: choose its spend column";

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _datasets = await datasets.ListAsync(CancellationToken.None);
            if (_datasets.Count > 0) await SelectDataset(_datasets[0].Id);
        }
        catch (DbException e)
        {
            _datasets = [];
            _errors = [$"The datasets could not be loaded: {e.Message}"];
        }
    }

    private async Task SelectDataset(Guid? id)
    {
        _datasetId = id;
        var d = Dataset;
        _kpi = d?.Kpis.FirstOrDefault();
        // The preselection is the stored channel ↔ spend-column mapping of the dataset, else its name suggestion.
        _mappedColumn = d is null ? null : (await mappings.ResolveAsync(d.Id, [Channel], d.Channels, CancellationToken.None))[Channel];
        _mmmChannel = _mappedColumn ?? d?.Channels.FirstOrDefault();
        _periodDays = d?.Frequency.ToLowerInvariant() switch { "daily" or "d" => 1, "monthly" or "m" => 30.4375, _ => 7 };
    }

    private async Task StartAsync()
    {
        _errors = [];
        if (Dataset is not { } d) return;
        if (_kpi is null) _errors.Add("Choose the KPI.");
        if (_mmmChannel is null) _errors.Add("Choose the spend column of the channel.");
        if (_errors.Count > 0) return;
        _busy = true;
        try
        {
            var lift = await LiftTestAsync();
            if (lift is null) return;
            var start = await runner.StartAsync(new ModelRunSettings(d.Id, _kpi!, d.Channels, d.Controls, _method, LiftTests: [lift]), CancellationToken.None);
            if (start.RunId is { } runId) Dialog?.Close(DialogResult.Ok(runId));
            else _errors = [.. start.Errors.Select(e => e.Message)];
        }
        catch (DbException e)
        {
            _errors = [$"The fit could not be started: {e.Message}"];
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>The lift test from the same services as the lift-test routes; null with the reasons in <see cref="_errors"/>.</summary>
    private async Task<LiftTest?> LiftTestAsync()
    {
        if (ExperimentId is { } id)
        {
            var op = await liftTests.ExportAsync(id, _spend, _periodDays, _mmmChannel, CancellationToken.None);
            if (op.Value is { } l) return new LiftTest(l.Channel, l.X, l.DeltaX, l.DeltaY, l.Sigma);
            _errors = [.. op.Errors.Select(e => e.Message), .. op.Reason is { } r ? new[] { r } : []];
            return null;
        }
        var pooled = await metaAnalysis.PooledLiftTestAsync(Channel, _profilesPerPeriod, _costPerProfile, _mmmChannel, CancellationToken.None);
        if (pooled.Value is { } p) return new LiftTest(p.Channel, p.X, p.DeltaX, p.DeltaY, p.Sigma);
        _errors = [.. pooled.Errors.Select(e => e.Message), .. pooled.Reason is { } reason ? new[] { reason } : []];
        return null;
    }
}
