using System.Data.Common;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Experiments;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;
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
    /// <summary>Problems that belong to no input (the experiment's data, the fit runner), shown in the alert.</summary>
    private List<string> _errors = [];
    /// <summary>Problems of one input, by its API field name, shown under that input until the user changes it.</summary>
    private readonly Dictionary<string, string> _fieldErrors = new(StringComparer.Ordinal);
    /// <summary>Set by the first start attempt: from then on a changed input is checked as it changes.</summary>
    private bool _attempted;

    /// <summary>The input fields this dialog shows; an error for any other field goes to the alert.</summary>
    private static readonly HashSet<string> InputFields = ["kpi", "spend_column", "spend", "period_days", "profiles_per_period", "cost_per_profile"];

    private bool Has(string field) => _fieldErrors.ContainsKey(field);
    private string? Err(string field) => _fieldErrors.GetValueOrDefault(field);

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
        _errors = [];
        _fieldErrors.Clear();
        _datasetId = id;
        var d = Dataset;
        _kpi = d?.Kpis.FirstOrDefault();
        // The preselection is the stored channel ↔ spend-column mapping of the dataset, else its name suggestion.
        _mappedColumn = d is null ? null : (await mappings.ResolveAsync(d.Id, [Channel], d.Channels, CancellationToken.None))[Channel];
        _mmmChannel = _mappedColumn ?? d?.Channels.FirstOrDefault();
        _periodDays = d?.Frequency.ToLowerInvariant() switch { "daily" or "d" => 1, "monthly" or "m" => 30.4375, _ => 7 };
    }

    /// <summary>
    /// An input changed: its old error answered the old value, so it goes, and the value is checked again as far as the
    /// dialog can without the server (required, positive). The alert's problems answered the previous attempt: they go too.
    /// </summary>
    private void Changed(string field, Action set)
    {
        set();
        _errors = [];
        _fieldErrors.Remove(field);
        if (_attempted && LocalProblem(field) is { } problem) _fieldErrors[field] = problem;
    }

    /// <summary>What the dialog can tell about one input without asking the server; null when it looks right.</summary>
    private string? LocalProblem(string field) => field switch
    {
        "kpi" when _kpi is null => "Choose the KPI.",
        "spend_column" when _mmmChannel is null => "Choose the spend column of the channel.",
        "spend" when _spend is null => "spend is required: what the channel cost for the treatment group over the experiment.",
        "spend" when !(_spend > 0) => "spend must be the positive amount spent on the treatment group.",
        "period_days" when !(_periodDays > 0) => "period_days must be positive (7 for weekly data).",
        "profiles_per_period" when !(_profilesPerPeriod > 0) => "Enter the positive number of profiles the channel reaches per period.",
        "cost_per_profile" when !(_costPerProfile > 0) => "Enter the positive cost of reaching one profile.",
        _ => null,
    };

    /// <summary>Puts each problem under its input, or in the alert when it belongs to none.</summary>
    private void Show(IEnumerable<FieldError> problems, string? reason = null)
    {
        foreach (var p in problems)
        {
            if (InputFields.Contains(p.Field)) _fieldErrors.TryAdd(p.Field, p.Message);
            else _errors.Add(p.Message);
        }
        if (reason is not null) _errors.Add(reason);
    }

    private async Task StartAsync()
    {
        _errors = [];
        _fieldErrors.Clear();
        _attempted = true;
        if (Dataset is not { } d) return;
        foreach (var field in new[] { "kpi", "spend_column" })
            if (LocalProblem(field) is { } problem) _fieldErrors[field] = problem;
        if (_fieldErrors.Count > 0) return;
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
            Show(op.Errors, op.Reason);
            return null;
        }
        var pooled = await metaAnalysis.PooledLiftTestAsync(Channel, _profilesPerPeriod, _costPerProfile, _mmmChannel, CancellationToken.None);
        if (pooled.Value is { } p) return new LiftTest(p.Channel, p.X, p.DeltaX, p.DeltaY, p.Sigma);
        Show(pooled.Errors, pooled.Reason);
        return null;
    }
}
