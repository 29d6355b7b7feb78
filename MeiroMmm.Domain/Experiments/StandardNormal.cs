using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// The standard normal quantities the experiment statistics need. Tails go through erfc rather than 1 − Φ, so a
/// p-value like 3e-211 (z ≈ 31) keeps its relative precision instead of rounding to 0.
/// </summary>
public static class StandardNormal
{
    /// <summary>Φ⁻¹(p), scipy's <c>norm.ppf</c>.</summary>
    public static double Quantile(double p) => Normal.InvCDF(0, 1, p);

    /// <summary>z_{1−α/2}, scipy's <c>norm.isf(alpha/2)</c>: 1.959963984540054 for α = 0.05.</summary>
    public static double TwoSidedCritical(double alpha) => -Normal.InvCDF(0, 1, alpha / 2);

    /// <summary>P(Z &gt; z) = ½·erfc(z/√2).</summary>
    public static double UpperTail(double z) => 0.5 * SpecialFunctions.Erfc(z / Constants.Sqrt2);

    /// <summary>P(|Z| &gt; |z|) = erfc(|z|/√2), the two-sided p-value of a z statistic.</summary>
    public static double TwoSidedP(double z) => SpecialFunctions.Erfc(Math.Abs(z) / Constants.Sqrt2);
}
