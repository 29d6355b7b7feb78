namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>
/// A log density on an unconstrained space, as the sampler sees it. The model is shared by all chains; each chain asks for
/// its own <see cref="IGradientEvaluator"/>, which owns the scratch buffers, so chains never share mutable state.
/// </summary>
public interface IDensityModel
{
    int Dimension { get; }
    IGradientEvaluator CreateEvaluator();
}

public interface IGradientEvaluator
{
    /// <summary>
    /// Writes ∇ log p(q) into <paramref name="gradient"/> and returns log p(q) (Jacobian of the constraining transforms
    /// included). Returns a non-finite value where the density is not defined. Must not allocate.
    /// </summary>
    double LogDensityGradient(ReadOnlySpan<double> q, Span<double> gradient);
}
