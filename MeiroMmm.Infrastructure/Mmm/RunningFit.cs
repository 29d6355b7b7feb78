using System.Diagnostics;
using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>
/// One run while the runner holds it. It is the sampler's IProgress itself: Progress&lt;T&gt; would capture the starting
/// circuit's SynchronizationContext, and the fit must outlive that circuit. Subscribers are called on the sampler's thread.
/// </summary>
public sealed class RunningFit(Guid id, ModelRunSettings settings) : IProgress<FitProgress>
{
    private readonly Lock _gate = new();
    private readonly FitProgress?[] _chains = new FitProgress?[settings.Method == FitMethod.Laplace ? 0 : settings.Chains];
    private readonly List<Action<FitSnapshot>> _subscribers = [];
    private readonly Stopwatch _clock = new();
    private ModelRunStatus _status = ModelRunStatus.Queued;
    private string _stage = "Waiting for another fit to finish";

    public Guid Id { get; } = id;
    public ModelRunSettings Settings { get; } = settings;
    public CancellationTokenSource Cancellation { get; } = new();
    public Task Completion { get; set; } = Task.CompletedTask;

    public FitSnapshot Snapshot()
    {
        lock (_gate) return new FitSnapshot(Id, _status, _stage, [.. _chains], Settings.Warmup + Settings.Draws, _clock.Elapsed);
    }

    public void Report(FitProgress value)
    {
        lock (_gate)
        {
            if (value.Chain < 0 || value.Chain >= _chains.Length) return;
            _chains[value.Chain] = value;
            _stage = value.Phase == SamplingPhase.Warmup ? "Warm-up (adapting step size and metric)" : "Sampling";
        }
        Publish();
    }

    public void SetStage(ModelRunStatus status, string stage)
    {
        lock (_gate)
        {
            if (status == ModelRunStatus.Running && !_clock.IsRunning) _clock.Start();
            if (status is ModelRunStatus.Completed or ModelRunStatus.Failed or ModelRunStatus.Cancelled) _clock.Stop();
            _status = status;
            _stage = stage;
        }
        Publish();
    }

    public IDisposable Subscribe(Action<FitSnapshot> callback)
    {
        lock (_gate) _subscribers.Add(callback);
        return new Subscription(this, callback);
    }

    private void Publish()
    {
        var snapshot = Snapshot();
        Action<FitSnapshot>[] subscribers;
        lock (_gate) subscribers = [.. _subscribers];
        foreach (var s in subscribers) s(snapshot);
    }

    private sealed class Subscription(RunningFit fit, Action<FitSnapshot> callback) : IDisposable
    {
        public void Dispose() { lock (fit._gate) fit._subscribers.Remove(callback); }
    }
}
