using System.Globalization;
using MeiroMmm.Infrastructure.Mmm;
using MudBlazor;
using Microsoft.AspNetCore.Components;

namespace MeiroMmm.Web.Mmm;

public sealed partial class ModelRunsSection(ModelRunStore store, ModelFitRunner runner, IDialogService dialogs)
{
    private enum RunPreset { Preview, Fast, Standard }

    /// <summary>The dataset whose runs are shown.</summary>
    [Parameter, EditorRequired] public DatasetSummary Dataset { get; set; } = default!;
    /// <summary>True ROAS per channel when the dataset was generated; shown beside the estimates.</summary>
    [Parameter] public IReadOnlyDictionary<string, double>? TrueRoas { get; set; }
    /// <summary>A run to show first (from the page address) instead of the newest completed one.</summary>
    [Parameter] public Guid? ShowRunId { get; set; }

    private Guid _loadedFor;
    private string? _kpi;
    private IReadOnlyCollection<string> _channels = [];
    private IReadOnlyCollection<string> _controls = [];
    private RunPreset _preset = RunPreset.Fast;
    private RunPreviewPanel? _preview;
    private bool _starting;
    private List<string> _startErrors = [];
    private IReadOnlyList<ModelRunSummary>? _runs;
    private Guid? _liveRunId;
    private (ModelRunSummary Run, StoredFitResult? Result)? _shown;
    private string? _loadError, _resultError;
    private bool _pinned;
    private List<(ModelRunSummary Run, StoredFitResult Result)> _perKpi = [];
    private Guid? _compareWith;
    private (ModelRunSummary Run, StoredFitResult? Result)? _compared;
    private string? _deleteMessage;
    private RunFormOptions _options = new();

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor == Dataset.Id) return;
        _loadedFor = Dataset.Id;
        _kpi = Dataset.Kpis.FirstOrDefault();
        _channels = [.. Dataset.Channels];
        _controls = [.. Dataset.Controls];
        _options = new();
        _shown = null;
        _pinned = false;
        await ReloadAsync();
        if (ShowRunId is { } wanted && _runs?.FirstOrDefault(r => r.Id == wanted) is { } run)
        {
            if (runner.Progress(run.Id) is not null) _liveRunId = run.Id;
            else await PickAsync(run);
        }
    }

    private async Task ReloadAsync()
    {
        try
        {
            _runs = await store.ListAsync(Dataset.Id, CancellationToken.None);
            _liveRunId = _runs.Where(r => r.Status is ModelRunStatus.Queued or ModelRunStatus.Running && runner.Progress(r.Id) is not null)
                .Select(r => (Guid?)r.Id).FirstOrDefault();
            // The newest completed run is shown, unless the user picked one in the list.
            var latest = _runs.FirstOrDefault(r => r.Status == ModelRunStatus.Completed);
            if (latest is not null && !_pinned && _shown?.Run.Id != latest.Id) await ShowAsync(latest);
            await LoadLatestPerKpiAsync();
        }
        catch (System.Data.Common.DbException e) { _loadError = e.Message; }
    }

    /// <summary>The newest completed run of each KPI, for switching between KPIs and comparing their ROAS.</summary>
    private async Task LoadLatestPerKpiAsync()
    {
        _perKpi = [];
        if (_runs is null) return;
        foreach (var run in _runs.Where(r => r.Status == ModelRunStatus.Completed).GroupBy(r => r.Kpi).Select(g => g.First()))
            if (await store.GetAsync(run.Id, CancellationToken.None) is { Result: { } result }) _perKpi.Add((run, result));
    }

    private async Task ShowKpiAsync(string kpi)
    {
        if (_perKpi.FirstOrDefault(k => k.Run.Kpi == kpi) is { Run: { } run }) await PickAsync(run);
    }

    private async Task CompareAsync(Guid? other)
    {
        _compareWith = other;
        _compared = other is { } id ? await store.GetAsync(id, CancellationToken.None) : null;
    }

    private async Task ShowAsync(ModelRunSummary run)
    {
        if (_compareWith == run.Id) { _compareWith = null; _compared = null; }
        _resultError = null;
        try { _shown = await store.GetAsync(run.Id, CancellationToken.None); }
        catch (System.Text.Json.JsonException e) { _resultError = e.Message; }
    }

    private async Task PickAsync(ModelRunSummary run)
    {
        _pinned = true;
        await ShowAsync(run);
    }

    /// <summary>The settings the form describes now (KPI, channels, controls, preset, model options).</summary>
    private ModelRunSettings? FormSettings()
    {
        if (_kpi is null) return null;
        var channels = _channels.ToList();
        var controls = _controls.ToList();
        var settings = _preset switch
        {
            RunPreset.Preview => ModelRunSettings.Preview(Dataset.Id, _kpi, channels, controls),
            RunPreset.Fast => ModelRunSettings.Fast(Dataset.Id, _kpi, channels, controls),
            _ => ModelRunSettings.Standard(Dataset.Id, _kpi, channels, controls),
        };
        return _options.Apply(settings);
    }

    private string PresetHelp => _preset switch
    {
        RunPreset.Fast => "A sixth of the standard's iterations: a first look; rougher intervals, and the quality check often grades it directional.",
        RunPreset.Standard => "Stan's defaults, for results you act on (about 17 s on the 156-week demo on 2 cores).",
        _ => "No sampling: a rough guide whose intervals are often too narrow; graded directional at best.",
    };

    private async Task PreviewAsync()
    {
        if (FormSettings() is not { } settings || _preview is null) return;
        string shapes = settings.Adstock == "geometric" && settings.Saturation == "logistic" ? "" : $", {settings.Adstock} adstock, {settings.Saturation} saturation";
        await _preview.StartAsync(settings, $"{settings.Kpi}, {settings.Channels.Count} channel{(settings.Channels.Count == 1 ? "" : "s")}, {settings.Controls.Count} control{(settings.Controls.Count == 1 ? "" : "s")}{shapes}");
    }

    private async Task StartAsync()
    {
        _pinned = false;
        if (FormSettings() is not { } settings) return;
        _starting = true;
        _startErrors = [];
        var start = await runner.StartAsync(settings, CancellationToken.None);
        _startErrors = [.. start.Errors.Select(e => e.Message)];
        await ReloadAsync();
        if (start.RunId is { } id && runner.Progress(id) is not null) _liveRunId = id;
        _starting = false;
    }

    /// <summary>Deletes an ended run after the user confirms; a run that started meanwhile is refused, as the API does.</summary>
    private async Task DeleteAsync(ModelRunSummary run)
    {
        bool? confirmed = await dialogs.ShowMessageBoxAsync("Delete model run",
            $"Delete the {run.Kpi} run started {run.CreatedAt.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture)} UTC ({Describe(run.Settings)}) with its results? This cannot be undone.",
            yesText: "Delete", cancelText: "Keep it");
        if (confirmed != true) return;
        var outcome = runner.Progress(run.Id) is not null ? ModelRunDeletion.StillLive : await store.DeleteAsync(run.Id, CancellationToken.None);
        _deleteMessage = outcome == ModelRunDeletion.StillLive ? "That run is queued or running; cancel it first." : null;
        if (_shown?.Run.Id == run.Id) { _shown = null; _pinned = false; }
        if (_compareWith == run.Id) { _compareWith = null; _compared = null; }
        await ReloadAsync();
    }

    private static string Describe(ModelRunSettings? s) => s is null ? "–"
        : s.Method == FitMethod.Laplace ? "Quick preview (Laplace)"
        : $"NUTS {s.Chains} × ({s.Warmup:N0} + {s.Draws:N0}), {s.Channels.Count} channels"
          + (s.Adstock == "geometric" && s.Saturation == "logistic" ? "" : $", {s.Adstock} adstock, {s.Saturation} saturation");

    private static string Duration(ModelRunSummary r) =>
        r.StartedAt is { } start && r.CompletedAt is { } end ? (end - start).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "–";

    private static Color StatusColor(ModelRunStatus s) => s switch
    {
        ModelRunStatus.Completed => Color.Success,
        ModelRunStatus.Failed => Color.Error,
        ModelRunStatus.Cancelled => Color.Warning,
        _ => Color.Info,
    };
}
