namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>
/// Euclidean kinetic energy with a diagonal inverse metric (Stan's diag_e): K(p) = ½ Σ m⁻¹ᵢ pᵢ², p ~ N(0, M).
/// </summary>
public sealed class DiagonalMetric(int dimension)
{
    /// <summary>The inverse metric (an estimate of the posterior variances once adapted); starts at the identity.</summary>
    public double[] InverseMetric { get; } = Enumerable.Repeat(1.0, dimension).ToArray();

    public double Kinetic(ReadOnlySpan<double> p)
    {
        double k = 0;
        for (int i = 0; i < p.Length; i++) k += InverseMetric[i] * p[i] * p[i];
        return 0.5 * k;
    }

    /// <summary>H = −log p(q) + K(p); NaN counts as +∞ so a broken point is always rejected.</summary>
    public double Hamiltonian(PhasePoint z)
    {
        double h = -z.LogDensity + Kinetic(z.P);
        return double.IsNaN(h) ? double.PositiveInfinity : h;
    }

    /// <summary>dK/dp = M⁻¹p ("p sharp" in Stan), the velocity used by the U-turn criterion.</summary>
    public void Velocity(ReadOnlySpan<double> p, Span<double> destination)
    {
        for (int i = 0; i < p.Length; i++) destination[i] = InverseMetric[i] * p[i];
    }

    public void SampleMomentum(Span<double> p, ChainRandom rng)
    {
        for (int i = 0; i < p.Length; i++) p[i] = rng.StandardNormal() / Math.Sqrt(InverseMetric[i]);
    }
}
