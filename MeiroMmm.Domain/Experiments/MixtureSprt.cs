namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// One look of the normal-mixture mSPRT (Johari, Koomen, Pekelis &amp; Walsh 2017, "Peeking at A/B tests"; Operations
/// Research 2022) for θ = p_t − p_c against θ0, mixing distribution N(θ0, τ²) on the absolute-difference scale.
/// With s² the plug-in variance of θ̂ from each group's own size, the mixture likelihood ratio is
/// Λ = √(s²/(s² + τ²))·exp(τ²(θ̂ − θ0)² / (2s²(s² + τ²))), which is Johari's pair form with s² = V/n.
/// </summary>
public static class MixtureSprt
{
    /// <summary>s² = p̂_t(1 − p̂_t)/n_t + p̂_c(1 − p̂_c)/n_c.</summary>
    public static double EstimatorVariance(GroupTotals treatment, GroupTotals control)
    {
        double pt = treatment.Rate, pc = control.Rate;
        return pt * (1 - pt) / treatment.Profiles + pc * (1 - pc) / control.Profiles;
    }

    /// <summary>log Λ, kept in log space because Λ reaches 1e21 for strong effects. 0 (Λ = 1) when s² = 0: no evidence yet.</summary>
    public static double LogLikelihoodRatio(double thetaHat, double variance, double tau2, double theta0 = 0)
    {
        if (!(variance > 0)) return 0;
        double d = thetaHat - theta0;
        return 0.5 * Math.Log(variance / (variance + tau2)) + tau2 * d * d / (2 * variance * (variance + tau2));
    }

    /// <summary>
    /// The always-valid (1 − α) confidence set of this look, {θ0 : Λ(θ0) &lt; 1/α}:
    /// θ̂ ± √(s²(s² + τ²)/τ² · (2·log(1/α) + log((s² + τ²)/s²))). Unbounded when s² = 0.
    /// </summary>
    public static ConfidenceInterval ConfidenceSet(double thetaHat, double variance, double tau2, double alpha)
    {
        if (!(variance > 0)) return ConfidenceInterval.Unbounded;
        double halfWidth = Math.Sqrt(variance * (variance + tau2) / tau2 * (2 * Math.Log(1 / alpha) + Math.Log((variance + tau2) / variance)));
        return new(thetaHat - halfWidth, thetaHat + halfWidth);
    }
}
