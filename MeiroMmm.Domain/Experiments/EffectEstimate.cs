namespace MeiroMmm.Domain.Experiments;

/// <summary>One experiment's effect on a scale where it is roughly normal, with its standard error.</summary>
public sealed record EffectEstimate(double Estimate, double StandardError)
{
    /// <summary>
    /// log(p_t/p_c) with the Katz standard error √((1 − p_t)/x_t + (1 − p_c)/x_c), the relative uplift's scale for
    /// pooling. Null when either group has no conversions (the log ratio is undefined).
    /// </summary>
    public static EffectEstimate? LogRiskRatio(GroupTotals treatment, GroupTotals control)
    {
        if (treatment.Conversions == 0 || control.Conversions == 0) return null;
        double pt = treatment.Rate, pc = control.Rate;
        return new(Math.Log(pt / pc), Math.Sqrt((1 - pt) / treatment.Conversions + (1 - pc) / control.Conversions));
    }
}
