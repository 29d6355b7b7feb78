using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Tests.Domain;

/// <summary>
/// The dense metric's warm-up estimate: diagonal in the first windows, correlations shrunk toward zero by
/// Schäfer–Strimmer's intensity, and the step size the pooled chains share.
/// </summary>
public sealed class MetricAdaptationTests
{
    [Fact]
    public void CorrelationShrinkage_MatchesTheHandComputedIntensity()
    {
        // Two coordinates, co-moments [[4, 2], [2, 4]] (r = 0.5), 10 degrees of freedom:
        // λ = (1 − r²)²/10 / r² = 0.5625 / 10 / 0.25 = 0.225.
        Assert.Equal(0.225, MetricAdapter.CorrelationShrinkage([4, 2, 2, 4], 2, 10), 12);
        // Three: r12 = 0.5, r13 = 0, r23 = −0.8 (unit variances, 20 dof): Σ(1 − r²)² = 0.5625 + 1 + 0.1296 = 1.6921;
        // Σ r² = 0.25 + 0 + 0.64 = 0.89 → λ = 1.6921 / 20 / 0.89.
        Assert.Equal(1.6921 / 20 / 0.89, MetricAdapter.CorrelationShrinkage([1, 0.5, 0, 0.5, 1, -0.8, 0, -0.8, 1], 3, 20), 12);
        // No correlation at all: nothing to keep.
        Assert.Equal(1, MetricAdapter.CorrelationShrinkage([1, 0, 0, 1], 2, 10));
    }

    [Fact]
    public void CorrelationShrinkage_IsNearOneForNoiseAndNearZeroForARealCorrelation()
    {
        var rng = new ChainRandom(3, 0);
        // 20 independent coordinates, 50 draws: the sample correlations are noise, so the metric should stay diagonal.
        var noise = Window(20, 50, () => { var q = new double[20]; for (int i = 0; i < q.Length; i++) q[i] = rng.StandardNormal(); return q; });
        Assert.InRange(MetricAdapter.CorrelationShrinkage(noise.M2, 20, noise.Count - 1), 0.7, 1);
        // Two coordinates with correlation 0.9, 2000 draws: keep it almost whole.
        var real = Window(2, 2000, () => { double z = rng.StandardNormal(); return [z, 0.9 * z + Math.Sqrt(1 - 0.81) * rng.StandardNormal()]; });
        Assert.InRange(MetricAdapter.CorrelationShrinkage(real.M2, 2, real.Count - 1), 0, 0.01);
    }

    [Fact]
    public void DenseMetric_StartsDiagonalForTheFirstWindows_ThenKeepsShrunkCorrelations()
    {
        var rng = new ChainRandom(5, 0);
        var adapter = new MetricAdapter(2, MetricKind.Dense, diagonalWindows: 2);
        var metric = new EuclideanMetric(2);
        for (int window = 1; window <= 3; window++)
        {
            for (int i = 0; i < 400; i++) { double z = rng.StandardNormal(); adapter.Add([2 * z, 2 * (0.8 * z + 0.6 * rng.StandardNormal())]); }
            adapter.UpdateAndRestart(metric);
            Assert.Equal(window > 2, metric.IsDense);
            Assert.InRange(metric.InverseMetric[0], 3.4, 4.6);   // variance 4, Stan's regularization hardly matters at n = 400
        }
        Assert.InRange(adapter.LastShrinkage, 0, 0.05);
        // K(p) = ½ pᵀM⁻¹p uses the covariance, M⁻¹ ≈ [[4, 3.2], [3.2, 4]]: ≈ ½(4 + 4 + 2·3.2) for p = (1, 1).
        double k = metric.Kinetic([1, 1]);
        Assert.InRange(k, 0.5 * (4 + 4 + 2 * 3.2 * 0.9), 0.5 * (4.6 + 4.6 + 2 * 3.2 * 1.1));
    }

    [Fact]
    public void DiagonalMetric_IsStansVarianceWithItsRegularization()
    {
        var adapter = new MetricAdapter(1, MetricKind.Diagonal);
        var metric = new EuclideanMetric(1);
        foreach (double q in new[] { 1.0, 2, 3, 4, 5 }) adapter.Add([q]);
        adapter.UpdateAndRestart(metric);
        // Sample variance 2.5 over n = 5: (5/10)·2.5 + 10⁻³·(5/10).
        Assert.Equal(0.5 * 2.5 + 0.5e-3, metric.InverseMetric[0], 12);
        Assert.False(metric.IsDense);
    }

    [Fact]
    public async Task Pool_GivesEveryChainTheScaledGeometricMeanStepSize()
    {
        using var pool = new CrossChainMetricPool(2, stepSizeScale: 0.6);
        var ct = TestContext.Current.CancellationToken;
        var first = Task.Run(() => pool.ExchangeStepSize(0, 0.04, ct), ct);
        var second = Task.Run(() => pool.ExchangeStepSize(1, 0.09, ct), ct);
        double[] shared = await Task.WhenAll(first, second);
        Assert.Equal(0.6 * 0.06, shared[0], 12);   // √(0.04 · 0.09) = 0.06
        Assert.Equal(shared[0], shared[1]);
    }

    private static WindowStatistics Window(int dimension, int draws, Func<double[]> next)
    {
        var adapter = new MetricAdapter(dimension, MetricKind.Dense);
        for (int i = 0; i < draws; i++) adapter.Add(next());
        return adapter.Statistics();
    }
}
