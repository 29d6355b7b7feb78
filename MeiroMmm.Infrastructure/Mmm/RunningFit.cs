using System.Diagnostics;
using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>
/// One live run as this instance sees it: either held here (this instance samples it; it is the sampler's IProgress
/// itself, because Progress&lt;T&gt; would capture the starting circuit's SynchronizationContext and the fit must outlive
/// that circuit), or mirrored from its row (queued, or held by another instance). Subscribers are called on the
/// sampler's or the mirror poller's thread.
/// </summary>
public sealed class RunningFit(Guid id, ModelRunSettings settings) : IProgress<FitProgress>
{
    private readonly Lock _gate = new();
    private readonly FitProgress?[] _chains = new FitProgress?[settings.Method == FitMethod.Laplace ? 0 : settings.Chains];
    private readonly List<Action<FitSnapshot>> _subscribers = [];
    private readonly Stopwatch _clock = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TimeSpan? _mirroredElapsed;
    private FitPreview? _preview;
    private ModelRunStatus _status = ModelRunStatus.Queued;
    private string _stage = "Queued: waiting for a free fit worker";

    public Guid Id { get; } = id;
    public ModelRunSettings Settings { get; } = settings;
    /// <summary>Cancels the sampling attempt held here; replaced by <see cref="Hold"/> for every attempt.</summary>
    public CancellationTokenSource Cancellation { get; private set; } = new();
    /// <summary>True while this instance holds the run's lease and samples it.</summary>
    public bool HeldHere { get; private set; }
    /// <summary>Someone asked to cancel this attempt (here or through the row), as opposed to the app stopping.</summary>
    public bool CancelRequestedHere { get; set; }
    /// <summary>Ends when the run has ended (completed, failed or cancelled), wherever it ran.</summary>
    public Task Completion => _done.Task;

    public FitSnapshot Snapshot()
    {
        lock (_gate) return new FitSnapshot(Id, _status, _stage, [.. _chains], Settings.Warmup + Settings.Draws, _mirroredElapsed ?? _clock.Elapsed) { Preview = _preview };
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

    /// <summary>The Laplace preview at the posterior mode, found before the chains start.</summary>
    public void SetPreview(FitPreview preview)
    {
        lock (_gate)
        {
            _preview = preview;
            _stage = "Starting the chains from the posterior mode";
        }
        Publish();
    }

    /// <summary>This instance claimed the run: a fresh cancellation and clock for this attempt, same subscribers.</summary>
    internal CancellationTokenSource Hold()
    {
        lock (_gate)
        {
            HeldHere = true;
            CancelRequestedHere = false;
            Cancellation = new CancellationTokenSource();
            _mirroredElapsed = null;
            _preview = null;
            Array.Clear(_chains);
            _clock.Restart();
            return Cancellation;
        }
    }

    /// <summary>The attempt here is over (ended, or handed back to the queue); the row is the truth again.</summary>
    internal void Release()
    {
        lock (_gate) HeldHere = false;
    }

    /// <summary>Copies the state another instance wrote into the run's row.</summary>
    internal void Mirror(ModelRunStatus status, StoredFitProgress? progress)
    {
        lock (_gate)
        {
            _status = status;
            _stage = progress?.Stage ?? (status == ModelRunStatus.Queued ? "Queued: waiting for a free fit worker" : "Starting on another instance");
            if (progress is not null)
            {
                for (int c = 0; c < _chains.Length && c < progress.Chains.Count; c++) _chains[c] = progress.Chains[c];
                _mirroredElapsed = TimeSpan.FromSeconds(progress.ElapsedSeconds);
                _preview = progress.Preview ?? _preview;
            }
        }
        Publish();
    }

    /// <summary>The run has ended: tell subscribers its final stage and release whoever waits.</summary>
    internal void End(ModelRunStatus status, string stage)
    {
        SetStage(status, stage);
        _done.TrySetResult();
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
