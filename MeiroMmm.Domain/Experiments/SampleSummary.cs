namespace MeiroMmm.Domain.Experiments;

/// <summary>Count, mean and sample variance (divisor n − 1) of one group's value per profile, zeros included for non-converters.</summary>
public sealed record SampleSummary(long Count, double Mean, double Variance)
{
    public double Sum => Mean * Count;

    /// <summary>Two passes (mean, then squared deviations), as numpy's <c>var(ddof=1)</c>; NaN variance below two values.</summary>
    public static SampleSummary From(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values) sum += v;
        double mean = sum / values.Length;
        double squares = 0;
        foreach (double v in values) squares += (v - mean) * (v - mean);
        return new(values.Length, mean, values.Length > 1 ? squares / (values.Length - 1) : double.NaN);
    }
}
