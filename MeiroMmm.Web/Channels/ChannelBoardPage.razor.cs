using System.Globalization;
using MeiroMmm.Domain.Channels;
using MeiroMmm.Infrastructure.Channels;
using MeiroMmm.Infrastructure.Mmm;

namespace MeiroMmm.Web.Channels;

public sealed partial class ChannelBoardPage(ChannelBoardService boardService, ChannelCalibrationService calibration, ModelRunStore runs) : IDisposable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly CancellationTokenSource _leaving = new();
    private string _model = ChannelBoardService.DefaultAttributionModel;
    private ChannelBoard? _board;
    private string? _error;
    private CalibrationProgress? _calibration;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task ModelChangedAsync(string model)
    {
        _model = model;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _error = null;
        try { _board = await boardService.BuildAsync(_model, _leaving.Token); }
        catch (System.Data.Common.DbException e) { _error = e.Message; }
        catch (MeiroMmm.Domain.Mmm.Model.MmmDataException e) { _error = e.Message; }
    }

    /// <summary>Starts the refit, then follows it (polling the run every 2 s) until it ends or the page is left.</summary>
    private async Task CalibrateAsync(ExperimentRoas experiment)
    {
        var progress = new CalibrationProgress(experiment.Key);
        _calibration = progress;
        var outcome = await calibration.CalibrateAsync(experiment.ExperimentId, _leaving.Token);
        if (outcome.Value is not { } started) { progress.Finish(outcome.Message); return; }
        progress.Started = started;
        StateHasChanged();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        try
        {
            while (await timer.WaitForNextTickAsync(_leaving.Token))
            {
                var refit = await runs.GetAsync(started.RefitRunId, _leaving.Token);
                progress.Status = refit?.Run.Status;
                if (refit?.Run.Status is ModelRunStatus.Completed)
                {
                    progress.Before = (await runs.GetAsync(started.BaseRunId, _leaving.Token))?.Result?.Channels;
                    progress.After = refit.Value.Result?.Channels;
                    progress.Finish(null);
                }
                else if (refit?.Run.Status is ModelRunStatus.Failed or ModelRunStatus.Cancelled || refit is null)
                    progress.Finish($"The refit {refit?.Run.Status.ToString().ToLowerInvariant() ?? "disappeared"}: {refit?.Run.Error}");
                StateHasChanged();
                if (progress.Done) return;
            }
        }
        catch (OperationCanceledException) { }   // the page was left: the refit goes on in the background
    }

    private static int EstimateCount(ChannelBoardRow r) => (r.AttributionRoi is null ? 0 : 1) + (r.MmmRoas is null ? 0 : 1) + (r.PooledExperiments is null ? 0 : 1);
    private static string Money(double v) => Math.Abs(v) >= 1e6 ? (v / 1e6).ToString("0.00", Inv) + " M" : v.ToString("#,0", Inv);
    private static string Ratio(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.00", Inv) : "–";
    private static string Interval(double? mean, double? low, double? high) =>
        mean is null ? "–" : $"{Ratio(mean)} ({Ratio(low)} – {Ratio(high)})";

    public void Dispose()
    {
        _leaving.Cancel();
        _leaving.Dispose();
    }
}

/// <summary>A calibration the board started: the refit's state and, once it completes, both runs' channel ROAS.</summary>
public sealed class CalibrationProgress(string experimentKey)
{
    public string ExperimentKey { get; } = experimentKey;
    public CalibrationStarted? Started { get; set; }
    public ModelRunStatus? Status { get; set; }
    public IReadOnlyList<MeiroMmm.Domain.Mmm.Fitting.ChannelSummary>? Before { get; set; }
    public IReadOnlyList<MeiroMmm.Domain.Mmm.Fitting.ChannelSummary>? After { get; set; }
    public string? Error { get; private set; }
    public bool Done { get; private set; }

    public void Finish(string? error) { Error = error; Done = true; }
}
