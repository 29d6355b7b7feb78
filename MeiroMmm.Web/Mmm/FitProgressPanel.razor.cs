using System.Globalization;
using MeiroMmm.Infrastructure.Mmm;
using Microsoft.AspNetCore.Components;

namespace MeiroMmm.Web.Mmm;

public sealed partial class FitProgressPanel(ModelFitRunner runner) : IDisposable
{
    /// <summary>The run to follow.</summary>
    [Parameter, EditorRequired] public Guid RunId { get; set; }
    /// <summary>Called once when the fit ends (completed, failed or cancelled), so the page can reload the run.</summary>
    [Parameter] public EventCallback OnEnded { get; set; }
    /// <summary>The KPI being modelled (units of the preview).</summary>
    [Parameter] public string Kpi { get; set; } = "KPI";

    private FitSnapshot? _latest;
    private IDisposable? _subscription;
    private bool _cancelRequested;
    private bool _endedReported;

    protected override void OnInitialized()
    {
        _latest = runner.Progress(RunId);
        // The callback arrives on the sampler's thread; InvokeAsync moves it onto this circuit.
        _subscription = runner.Subscribe(RunId, snapshot => _ = InvokeAsync(async () =>
        {
            _latest = snapshot;
            StateHasChanged();
            if (snapshot.Status is ModelRunStatus.Completed or ModelRunStatus.Failed or ModelRunStatus.Cancelled && !_endedReported)
            {
                _endedReported = true;
                await OnEnded.InvokeAsync();
            }
        }).ContinueWith(t => DispatchExceptionAsync(t.Exception!), TaskContinuationOptions.OnlyOnFaulted));
    }

    private void Cancel()
    {
        _cancelRequested = runner.Cancel(RunId);
    }

    private static string Duration(TimeSpan t) => t.TotalMinutes >= 1
        ? $"{(int)t.TotalMinutes} min {t.Seconds:00} s"
        : $"{t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";

    public void Dispose() => _subscription?.Dispose();   // leaving the page stops the updates, not the fit
}
