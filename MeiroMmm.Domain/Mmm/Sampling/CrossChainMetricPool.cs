namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>
/// Pools the chains' slow-window variance estimates at every metric update, so each chain adapts to the posterior all
/// chains have seen rather than to the part it happened to sit in during a window (a chain that never reached a
/// ridge otherwise gets a metric far too narrow along it, one that sat in it one far too wide). The pooled estimate is
/// the within-chain variance (Σ M2 / Σ(n − 1)): chains still far apart early in warm-up do not inflate it.
/// With one metric shared, the chains also share one step size for sampling: the geometric mean of their own adapted
/// ones (the mean of log ε, the scale dual averaging works on), scaled down by a safety factor. A dense metric fits the
/// bulk of the posterior, and the step size adapted there is too large for the curved tails of weak channels
/// (small λ, large β), where a chain can get stuck at acceptance ≈ 0.1 for hundreds of draws (large dataset, seed 1:
/// one chain at ε 0.057, R-hat 1.30; seed 3: the shared 0.046 and even 0.8 × that got stuck, 0.6 × did not).
/// All chains must run at once: each waits at a barrier until every chain has finished the same window, so the
/// result depends only on the chains' draws, never on thread timing.
/// </summary>
public sealed class CrossChainMetricPool : IDisposable
{
    private readonly Barrier _barrier, _stepSizeBarrier;
    private readonly WindowStatistics[] _windows;
    private readonly double[] _stepSizes;
    private double _sharedStepSize;
    private double[] _pooledM2 = [];
    private long _pooledCount, _pooledDegreesOfFreedom;

    private readonly double _stepSizeScale;

    /// <param name="stepSizeScale">The shared step size is the chains' geometric mean times this (see SamplerSettings.PooledStepSizeScale).</param>
    public CrossChainMetricPool(int chains, double stepSizeScale = 1)
    {
        _stepSizeScale = stepSizeScale;
        _windows = new WindowStatistics[chains];
        _stepSizes = new double[chains];
        _barrier = new Barrier(chains, _ => Pool());
        _stepSizeBarrier = new Barrier(chains, _ => ShareStepSize());
    }

    /// <summary>Hands in this chain's window, waits for the other chains, and writes the pooled inverse metric.</summary>
    public void Exchange(int chain, MetricAdapter window, EuclideanMetric metric, CancellationToken ct)
    {
        _windows[chain] = window.Statistics();
        _barrier.SignalAndWait(ct);
        window.Apply(metric, _pooledM2, _pooledCount, _pooledDegreesOfFreedom);
        window.Restart();
    }

    /// <summary>Hands in this chain's adapted step size, waits for the other chains, and returns the one they all sample with.</summary>
    public double ExchangeStepSize(int chain, double stepSize, CancellationToken ct)
    {
        _stepSizes[chain] = stepSize;
        _stepSizeBarrier.SignalAndWait(ct);
        return _sharedStepSize;
    }

    /// <summary>A chain that stops early (error or cancellation) must leave, or the others would wait for it forever.</summary>
    public void Leave(int chain)
    {
        lock (_windows)
        {
            _windows[chain] = default;
            _stepSizes[chain] = 0;
        }
        _barrier.RemoveParticipant();
        _stepSizeBarrier.RemoveParticipant();
    }

    private void Pool()
    {
        WindowStatistics[] present;
        lock (_windows) present = _windows.Where(w => w.Count > 0).ToArray();
        _pooledCount = present.Sum(w => w.Count);
        _pooledDegreesOfFreedom = present.Sum(w => w.Count - 1);
        _pooledM2 = new double[present[0].M2.Length];
        foreach (var window in present)
            for (int k = 0; k < _pooledM2.Length; k++) _pooledM2[k] += window.M2[k];
    }

    private void ShareStepSize()
    {
        double[] present;
        lock (_windows) present = _stepSizes.Where(s => s > 0).ToArray();
        _sharedStepSize = _stepSizeScale * Math.Exp(present.Average(Math.Log));
    }

    public void Dispose()
    {
        _barrier.Dispose();
        _stepSizeBarrier.Dispose();
    }
}

/// <summary>One chain's slow-window moments: draw count and Welford's sum of squared deviations per coordinate.</summary>
public readonly record struct WindowStatistics(long Count, double[] M2);
