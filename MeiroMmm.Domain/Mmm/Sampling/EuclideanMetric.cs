namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>
/// Euclidean kinetic energy K(p) = ½ pᵀ M⁻¹ p with p ~ N(0, M). The inverse metric M⁻¹ estimates the posterior
/// covariance: diagonal (Stan's diag_e) or dense (Stan's dense_e), which also follows linear correlations between
/// parameters, such as a channel's β trading off against the intercept.
/// </summary>
public sealed class EuclideanMetric(int dimension)
{
    private double[]? _covariance;       // dense M⁻¹, row-major d × d; null while diagonal
    private double[]? _choleskyLower;    // M⁻¹ = L Lᵀ, for drawing momenta

    /// <summary>The posterior variance estimates: the diagonal metric, or the diagonal of the dense one. Starts at 1.</summary>
    public double[] InverseMetric { get; } = Enumerable.Repeat(1.0, dimension).ToArray();

    public bool IsDense => _covariance is not null;

    /// <summary>Uses a diagonal inverse metric with these variances.</summary>
    public void SetDiagonal(ReadOnlySpan<double> variances)
    {
        variances.CopyTo(InverseMetric);
        _covariance = null;
        _choleskyLower = null;
    }

    /// <summary>Uses a dense inverse metric; falls back to its diagonal when it is not positive definite.</summary>
    public void SetDense(double[] covariance)
    {
        for (int i = 0; i < dimension; i++) InverseMetric[i] = covariance[i * dimension + i];
        var lower = CholeskyLower(covariance, dimension);
        _covariance = lower is null ? null : (double[])covariance.Clone();
        _choleskyLower = lower;
    }

    public double Kinetic(ReadOnlySpan<double> p)
    {
        double k = 0;
        if (_covariance is null)
        {
            for (int i = 0; i < p.Length; i++) k += InverseMetric[i] * p[i] * p[i];
            return 0.5 * k;
        }
        for (int i = 0; i < dimension; i++)
        {
            var row = _covariance.AsSpan(i * dimension, dimension);
            double v = 0;
            for (int j = 0; j < dimension; j++) v += row[j] * p[j];
            k += p[i] * v;
        }
        return 0.5 * k;
    }

    /// <summary>H = −log p(q) + K(p); NaN counts as +∞ so a broken point is always rejected.</summary>
    public double Hamiltonian(PhasePoint z)
    {
        double h = -z.LogDensity + Kinetic(z.P);
        return double.IsNaN(h) ? double.PositiveInfinity : h;
    }

    /// <summary>dK/dp = M⁻¹p ("p sharp" in Stan): the velocity of the position, used by leapfrog and the U-turn criterion.</summary>
    public void Velocity(ReadOnlySpan<double> p, Span<double> destination)
    {
        if (_covariance is null)
        {
            for (int i = 0; i < p.Length; i++) destination[i] = InverseMetric[i] * p[i];
            return;
        }
        for (int i = 0; i < dimension; i++)
        {
            var row = _covariance.AsSpan(i * dimension, dimension);
            double v = 0;
            for (int j = 0; j < dimension; j++) v += row[j] * p[j];
            destination[i] = v;
        }
    }

    public void SampleMomentum(Span<double> p, ChainRandom rng)
    {
        if (_choleskyLower is null)
        {
            for (int i = 0; i < p.Length; i++) p[i] = rng.StandardNormal() / Math.Sqrt(InverseMetric[i]);
            return;
        }
        // p = L⁻ᵀ u with u ~ N(0, I) has covariance (L Lᵀ)⁻¹ = M: solve Lᵀ p = u by back substitution.
        for (int i = 0; i < dimension; i++) p[i] = rng.StandardNormal();
        for (int i = dimension - 1; i >= 0; i--)
        {
            double s = p[i];
            for (int k = i + 1; k < dimension; k++) s -= _choleskyLower[k * dimension + i] * p[k];
            p[i] = s / _choleskyLower[i * dimension + i];
        }
    }

    private static double[]? CholeskyLower(double[] a, int n)
    {
        var l = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
                if (i == j)
                {
                    if (!(s > 0)) return null;
                    l[i * n + i] = Math.Sqrt(s);
                }
                else l[i * n + j] = s / l[j * n + j];
            }
        return l;
    }
}
