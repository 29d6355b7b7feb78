namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>
/// Estimates the posterior covariance within a slow window (Welford) — only the variances for a diagonal metric, the
/// whole matrix for a dense one — then shrinks it toward 10⁻³·I as Stan's var_adaptation and covar_adaptation do:
/// (n/(n+5))·Σ̂ + 10⁻³·(5/(n+5))·I, so a short window cannot produce a degenerate metric.
/// A dense metric starts diagonal for the first <c>diagonalWindows</c> windows (too few draws, taken while the chains
/// are still settling, to estimate d² covariances) and its correlations are then shrunk toward zero by
/// <see cref="CorrelationShrinkage"/>, strongly in short windows and hardly at all in the long last one.
/// </summary>
public sealed class MetricAdapter(int dimension, MetricKind kind, int diagonalWindows = 0)
{
    private readonly bool dense = kind == MetricKind.Dense;
    private readonly double[] _mean = new double[dimension], _delta = new double[dimension];
    // Diagonal: Σ(q − q̄)² per coordinate; dense: the whole co-moment matrix.
    private readonly double[] _m2 = new double[kind == MetricKind.Dense ? dimension * dimension : dimension];
    private long _n;
    private int _updates;

    /// <summary>The shrinkage weight of the correlations at the last dense update (0: none), for diagnostics and tests.</summary>
    public double LastShrinkage { get; private set; }

    public void Add(ReadOnlySpan<double> q)
    {
        _n++;
        for (int i = 0; i < q.Length; i++)
        {
            _delta[i] = q[i] - _mean[i];
            _mean[i] += _delta[i] / _n;
        }
        if (!dense)
        {
            for (int i = 0; i < q.Length; i++) _m2[i] += _delta[i] * (q[i] - _mean[i]);
            return;
        }
        for (int i = 0; i < dimension; i++)
            for (int j = 0; j < dimension; j++) _m2[i * dimension + j] += _delta[i] * (q[j] - _mean[j]);
    }

    /// <summary>Writes the regularized estimate (n − 1 divisor) into the metric and starts a new window.</summary>
    public void UpdateAndRestart(EuclideanMetric metric)
    {
        Apply(metric, _m2, _n, _n - 1);
        Restart();
    }

    /// <summary>This window's moments (a copy), for pooling across chains.</summary>
    public WindowStatistics Statistics() => new(_n, (double[])_m2.Clone());

    /// <summary>
    /// Sets the metric from (possibly pooled) sums of squared deviations over <paramref name="count"/> draws. Called once
    /// per slow window, which counts the windows for the diagonal start of a dense metric.
    /// </summary>
    public void Apply(EuclideanMetric metric, double[] m2, long count, long degreesOfFreedom)
    {
        double n = count;
        bool asDense = dense && ++_updates > diagonalWindows;
        if (!asDense)
        {
            int stride = dense ? dimension + 1 : 1;   // the variances: the co-moment matrix's diagonal
            var variances = new double[dimension];
            for (int i = 0; i < dimension; i++) variances[i] = Regularize(degreesOfFreedom > 0 ? m2[i * stride] / degreesOfFreedom : 1, n);
            metric.SetDiagonal(variances);
            return;
        }
        LastShrinkage = degreesOfFreedom > 0 ? CorrelationShrinkage(m2, dimension, degreesOfFreedom) : 1;
        var covariance = new double[dimension * dimension];
        for (int k = 0; k < covariance.Length; k++)
            covariance[k] = degreesOfFreedom > 0 ? (1 - LastShrinkage) * n / (n + 5) * m2[k] / degreesOfFreedom : 0;
        for (int i = 0; i < dimension; i++)
            covariance[i * dimension + i] = degreesOfFreedom > 0 ? Regularize(m2[i * dimension + i] / degreesOfFreedom, n) : 1;
        metric.SetDense(covariance);
    }

    public void Restart()
    {
        _n = 0;
        Array.Clear(_mean);
        Array.Clear(_m2);
    }

    /// <summary>Stan's shrinkage toward 10⁻³, weaker the more draws the estimate rests on.</summary>
    public static double Regularize(double variance, double n) => n / (n + 5) * variance + 1e-3 * (5 / (n + 5));

    /// <summary>
    /// Schäfer &amp; Strimmer's (2005) shrinkage intensity toward the diagonal ("target D"):
    /// λ = Σᵢ≠ⱼ Var(rᵢⱼ) / Σᵢ≠ⱼ rᵢⱼ², with the normal-theory Var(r) ≈ (1 − r²)²/(n − 1), clamped to [0, 1]. The
    /// off-diagonal covariances are multiplied by 1 − λ: when the sample correlations are no larger than their own noise
    /// (few draws for many parameters), λ → 1 and the metric stays diagonal.
    /// </summary>
    public static double CorrelationShrinkage(double[] m2, int dimension, long degreesOfFreedom)
    {
        double noise = 0, signal = 0;
        for (int i = 0; i < dimension; i++)
            for (int j = i + 1; j < dimension; j++)
            {
                double denominator = m2[i * dimension + i] * m2[j * dimension + j];
                double r = denominator > 0 ? m2[i * dimension + j] / Math.Sqrt(denominator) : 0;
                noise += (1 - r * r) * (1 - r * r) / degreesOfFreedom;
                signal += r * r;
            }
        return signal > 0 ? Math.Clamp(noise / signal, 0, 1) : 1;
    }
}
