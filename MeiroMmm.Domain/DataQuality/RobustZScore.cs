namespace MeiroMmm.Domain.DataQuality;

/// <summary>
/// The robust z-score of a value against a baseline: (x − median) / (1.4826 · MAD), where MAD is the median absolute
/// deviation from the median. 1.4826 = 1/Φ⁻¹(0.75) makes 1.4826·MAD estimate σ for normal data, so |z| reads like an
/// ordinary z, but one outlier in the baseline cannot inflate the scale (Iglewicz and Hoaglin 1993, "How to Detect and
/// Handle Outliers", ch. 3; Rousseeuw and Croux 1993, JASA 88:1273). When more than half the baseline is identical the
/// MAD is 0; then the scale is 1.2533 · mean absolute deviation from the median (√(π/2) makes it estimate σ), as IBM
/// SPSS does for the modified z. If that is 0 too the baseline is constant and <see cref="Z"/> is null.
/// </summary>
public sealed record RobustZScore(double Median, double Mad, double Scale, double? Z, int BaselineCount)
{
    public const double MadScale = 1.4826;
    public const double MeanAbsoluteDeviationScale = 1.2533;

    public static RobustZScore Of(double value, IReadOnlyList<double> baseline)
    {
        if (baseline.Count == 0) throw new ArgumentException("The baseline is empty.", nameof(baseline));
        double median = MedianOf(baseline);
        double mad = MedianOf([.. baseline.Select(b => Math.Abs(b - median))]);
        double scale = mad > 0 ? MadScale * mad : MeanAbsoluteDeviationScale * baseline.Average(b => Math.Abs(b - median));
        double? z = scale > 0 ? (value - median) / scale : value == median ? 0 : null;
        return new RobustZScore(median, mad, scale, z, baseline.Count);
    }

    /// <summary>The median; for an even count, the mean of the two middle values.</summary>
    public static double MedianOf(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("No values.", nameof(values));
        double[] sorted = [.. values.Order()];
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
