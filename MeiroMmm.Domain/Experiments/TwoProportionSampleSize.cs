namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// Raw (unrounded) control-group sizes for a two-sided two-proportion test. p1 is the control (baseline) rate, p2 the
/// treatment rate, and r = n_treatment / n_control. Rounding up belongs to <see cref="PowerAnalysis"/>.
/// </summary>
public static class TwoProportionSampleSize
{
    /// <summary>r = t / (1 − t), computed in double as the reference does (t = 0.8 gives 4.000000000000001).</summary>
    public static double AllocationRatio(double treatmentRate) => treatmentRate / (1.0 - treatmentRate);

    /// <summary>
    /// Fleiss (1981), Statistical Methods for Rates and Proportions, eq. 3.18 with unequal groups (Hmisc bsamsize):
    /// pooled variance under H0, unpooled under H1; the opposite rejection tail is ignored.
    /// </summary>
    public static double FleissControlSize(double p1, double p2, double ratio, double alpha, double power)
    {
        double zAlpha = StandardNormal.TwoSidedCritical(alpha);
        double zPower = StandardNormal.Quantile(power);
        double pBar = (p1 + ratio * p2) / (1.0 + ratio);
        double underH0 = zAlpha * Math.Sqrt(pBar * (1.0 - pBar) * (1.0 + 1.0 / ratio));
        double underH1 = zPower * Math.Sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2) / ratio);
        double sum = underH0 + underH1;
        return sum * sum / ((p2 - p1) * (p2 - p1));
    }

    /// <summary>Cohen's h = 2·asin(√p2) − 2·asin(√p1), statsmodels' <c>proportion_effectsize(p2, p1)</c>.</summary>
    public static double CohensH(double p2, double p1) => 2 * Math.Asin(Math.Sqrt(p2)) - 2 * Math.Asin(Math.Sqrt(p1));

    /// <summary>
    /// Power of the two-sided normal test for effect size h with both rejection tails, statsmodels'
    /// <c>NormalIndPower.power(h, nobs1, alpha, ratio)</c>: m = 1/(1/n + 1/(r·n)), Φ(h√m − z) + Φ(−h√m − z).
    /// </summary>
    public static double CohensHPower(double h, double controlSize, double ratio, double alpha)
    {
        double z = StandardNormal.TwoSidedCritical(alpha);
        double shift = h * Math.Sqrt(1.0 / (1.0 / controlSize + 1.0 / (ratio * controlSize)));
        return StandardNormal.UpperTail(z - shift) + StandardNormal.UpperTail(z + shift);
    }

    /// <summary>
    /// The control size at which <see cref="CohensHPower"/> reaches <paramref name="power"/> (h ≠ 0, power &gt; alpha).
    /// statsmodels solves the same equation to xtol 1e-5; this bisects to the last double, which is within 2.5e-6 of it.
    /// </summary>
    public static double CohensHControlSize(double h, double ratio, double alpha, double power)
    {
        // The one-tail closed form over-estimates the root (the far tail only adds power), so it bounds it from above;
        // at n = 0 the power is alpha, below the target.
        double oneTail = CohensHClosedFormControlSize(h, ratio, alpha, power);
        return MonotoneRoot.Bisect(n => CohensHPower(Math.Abs(h), n, ratio, alpha) - power, 0, oneTail) ?? oneTail;
    }

    /// <summary>(z_{1−α/2} + z_power)²·(1 + 1/r)/h²: Cohen's h with the far tail dropped, for comparison only.</summary>
    public static double CohensHClosedFormControlSize(double h, double ratio, double alpha, double power)
    {
        double zSum = StandardNormal.TwoSidedCritical(alpha) + StandardNormal.Quantile(power);
        return zSum * zSum * (1.0 + 1.0 / ratio) / (h * h);
    }
}
