using MeiroMmm.Domain.Experiments;

namespace MeiroMmm.Domain.Channels;

/// <summary>
/// Incremental ROAS of a holdout experiment: the value uplift per treated profile × treated profiles ÷ the channel's
/// spend over the experiment. The spend is fixed, so the standard error scales the same way.
/// </summary>
public static class IncrementalRoas
{
    /// <summary>z for a two-sided 90% interval.</summary>
    public const double Z90 = 1.6448536269514722;

    public static EffectEstimate FromExperiment(double valueUpliftPerProfile, double standardError, long treatedProfiles, double spend)
    {
        if (!(spend > 0)) throw new ArgumentOutOfRangeException(nameof(spend), spend, "The experiment's spend must be positive.");
        return new EffectEstimate(valueUpliftPerProfile * treatedProfiles / spend, standardError * treatedProfiles / spend);
    }

    /// <summary>Several experiments of one channel pooled by DerSimonian–Laird random effects (<see cref="MetaAnalysis"/>).</summary>
    public static EffectEstimate Pool(IReadOnlyList<EffectEstimate> experiments)
    {
        var pooled = MetaAnalysis.Pool(experiments).RandomEffects;
        return new EffectEstimate(pooled.Estimate, pooled.StandardError);
    }

    public static ChannelEstimate ToEstimate(string source, EffectEstimate e) =>
        new(source, e.Estimate, e.Estimate - Z90 * e.StandardError, e.Estimate + Z90 * e.StandardError);
}
