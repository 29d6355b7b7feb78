namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>
/// Pools the chains' slow-window variance estimates at every metric update, so each chain adapts to the posterior all
/// chains have seen rather than to the part it happened to sit in during a window (a chain that never reached a
/// ridge otherwise gets a metric far too narrow along it, one that sat in it one far too wide). The pooled estimate is
/// the within-chain variance (Σ M2 / Σ(n − 1)): chains still far apart early in warm-up do not inflate it.
/// All chains must run at once: each waits at a barrier until every chain has finished the same window, so the
/// result depends only on the chains' draws, never on thread timing.
/// </summary>
public sealed class CrossChainMetricPool : IDisposable
{
    private readonly Barrier _barrier;
    private readonly WindowStatistics[] _windows;
    private double[] _pooledM2 = [];
    private long _pooledCount, _pooledDegreesOfFreedom;

    public CrossChainMetricPool(int chains)
    {
        _windows = new WindowStatistics[chains];
        _barrier = new Barrier(chains, _ => Pool());
    }

    /// <summary>Hands in this chain's window, waits for the other chains, and writes the pooled inverse metric.</summary>
    public void Exchange(int chain, MetricAdapter window, EuclideanMetric metric, CancellationToken ct)
    {
        _windows[chain] = window.Statistics();
        _barrier.SignalAndWait(ct);
        window.Apply(metric, _pooledM2, _pooledCount, _pooledDegreesOfFreedom);
        window.Restart();
    }

    /// <summary>A chain that stops early (error or cancellation) must leave, or the others would wait for it forever.</summary>
    public void Leave(int chain)
    {
        lock (_windows) _windows[chain] = default;
        _barrier.RemoveParticipant();
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

    public void Dispose() => _barrier.Dispose();
}

/// <summary>One chain's slow-window moments: draw count and Welford's sum of squared deviations per coordinate.</summary>
public readonly record struct WindowStatistics(long Count, double[] M2);
