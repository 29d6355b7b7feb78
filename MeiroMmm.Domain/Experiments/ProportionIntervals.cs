namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// Confidence intervals for one proportion and for the difference and ratio of two (treatment t minus/over control c).
/// <paramref name="z"/> is the two-sided critical value, 1.959963984540054 for 95%.
/// </summary>
public static class ProportionIntervals
{
    /// <summary>Wilson score interval without continuity correction; defined at x = 0 and x = n.</summary>
    public static ConfidenceInterval Wilson(long x, long n, double z)
    {
        double p = (double)x / n, z2 = z * z;
        double denominator = 1.0 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double halfWidth = z * Math.Sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new(centre - halfWidth, centre + halfWidth);
    }

    /// <summary>
    /// Newcombe (1998) hybrid score interval for p_t − p_c, his method 10 (statsmodels <c>method='newcomb'</c>): Wilson
    /// limits of each group combined by squared distances. Unlike Wald it stays informative at 0 conversions.
    /// </summary>
    public static ConfidenceInterval NewcombeDifference(GroupTotals treatment, GroupTotals control, double z)
    {
        double pt = treatment.Rate, pc = control.Rate, diff = pt - pc;
        var (lt, ut) = Wilson(treatment.Conversions, treatment.Profiles, z);
        var (lc, uc) = Wilson(control.Conversions, control.Profiles, z);
        return new(diff - Math.Sqrt((pt - lt) * (pt - lt) + (uc - pc) * (uc - pc)),
                   diff + Math.Sqrt((ut - pt) * (ut - pt) + (pc - lc) * (pc - lc)));
    }

    /// <summary>Wald interval for p_t − p_c, unpooled and unclipped (degenerate [0, 0] when both groups are 0% or 100%).</summary>
    public static ConfidenceInterval WaldDifference(GroupTotals treatment, GroupTotals control, double z)
    {
        double pt = treatment.Rate, pc = control.Rate;
        double se = Math.Sqrt(pt * (1 - pt) / treatment.Profiles + pc * (1 - pc) / control.Profiles);
        return new(pt - pc - z * se, pt - pc + z * se);
    }

    /// <summary>
    /// Katz et al. (1978) delta-method interval for p_t / p_c on the log scale, variance (1 − p_t)/x_t + (1 − p_c)/x_c
    /// (statsmodels <c>compare='ratio', method='log'</c>). Null when either group has no conversions.
    /// </summary>
    public static ConfidenceInterval? KatzRatio(GroupTotals treatment, GroupTotals control, double z)
    {
        if (treatment.Conversions == 0 || control.Conversions == 0) return null;
        double pt = treatment.Rate, pc = control.Rate;
        double logRatio = Math.Log(pt / pc);
        double se = Math.Sqrt((1 - pt) / treatment.Conversions + (1 - pc) / control.Conversions);
        return new(Math.Exp(logRatio - z * se), Math.Exp(logRatio + z * se));
    }
}
