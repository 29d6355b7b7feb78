namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>
/// Estimates the posterior variances within a slow window (Welford), then shrinks them toward 10⁻³ as Stan's
/// var_adaptation does: (n/(n+5))·var + 10⁻³·(5/(n+5)), so a short window cannot produce a degenerate metric.
/// </summary>
public sealed class DiagonalMetricAdapter(int dimension)
{
    private readonly double[] _mean = new double[dimension], _m2 = new double[dimension];
    private long _n;

    public void Add(ReadOnlySpan<double> q)
    {
        _n++;
        for (int i = 0; i < q.Length; i++)
        {
            double delta = q[i] - _mean[i];
            _mean[i] += delta / _n;
            _m2[i] += delta * (q[i] - _mean[i]);
        }
    }

    /// <summary>Writes the regularized sample variances (n − 1 divisor) and starts a new window.</summary>
    public void UpdateAndRestart(double[] inverseMetric)
    {
        double n = _n;
        for (int i = 0; i < inverseMetric.Length; i++)
        {
            double variance = _n > 1 ? _m2[i] / (n - 1) : 1;
            inverseMetric[i] = n / (n + 5) * variance + 1e-3 * (5 / (n + 5));
        }
        _n = 0;
        Array.Clear(_mean);
        Array.Clear(_m2);
    }
}
