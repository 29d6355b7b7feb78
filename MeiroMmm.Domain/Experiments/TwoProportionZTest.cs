namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// The two-sided pooled two-proportion z-test (statsmodels <c>proportions_ztest(prop_var=False)</c>). Z and P are null
/// when the pooled standard error is 0: no conversions anywhere, or every profile converted.
/// </summary>
public sealed record TwoProportionZTest(double PooledRate, double StandardError, double? Z, double? PValue)
{
    public static TwoProportionZTest Test(GroupTotals treatment, GroupTotals control)
    {
        double pooled = (double)(treatment.Conversions + control.Conversions) / (treatment.Profiles + control.Profiles);
        double se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / treatment.Profiles + 1.0 / control.Profiles));
        if (!(se > 0)) return new(pooled, se, null, null);
        double z = (treatment.Rate - control.Rate) / se;
        return new(pooled, se, z, StandardNormal.TwoSidedP(z));
    }
}
