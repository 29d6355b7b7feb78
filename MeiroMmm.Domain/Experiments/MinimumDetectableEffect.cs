namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// The smallest upward lift d (in rate points) that a test with a given control size detects, found by inverting the
/// sample-size formula numerically; the treatment group is r times the control group. Null when no lift up to a rate
/// of 1 is detectable with that many profiles.
/// </summary>
public static class MinimumDetectableEffect
{
    // The reference brackets the root away from d = 0 (where the Fleiss size is infinite) and from p2 = 1.
    private const double Margin = 1e-9;

    /// <summary>The root of FleissControlSize(p1, p1 + d, r, α, power) = n_control, d in (0, 1 − p1).</summary>
    public static double? Fleiss(double baselineRate, double controlSize, double ratio, double alpha, double power) =>
        MonotoneRoot.Bisect(
            d => TwoProportionSampleSize.FleissControlSize(baselineRate, baselineRate + d, ratio, alpha, power) - controlSize,
            Margin, 1.0 - baselineRate - Margin);

    /// <summary>Solves Cohen's h power equation for h at the given size, then maps h back to a rate: p2 = sin²(asin√p1 + h/2).</summary>
    public static double? CohensH(double baselineRate, double controlSize, double ratio, double alpha, double power)
    {
        double start = Math.Asin(Math.Sqrt(baselineRate));
        double largest = Math.PI - 2 * start;   // h at p2 = 1
        double? h = MonotoneRoot.Bisect(
            x => TwoProportionSampleSize.CohensHPower(x, controlSize, ratio, alpha) - power, 0, largest);
        if (h is not { } found) return null;
        double s = Math.Sin(start + found / 2);
        return s * s - baselineRate;
    }
}
