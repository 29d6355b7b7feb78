namespace MeiroMmm.Domain.Mmm.Diagnostics;

/// <summary>
/// Mean and variance as R computes them. R accumulates in 80-bit long double and corrects the mean with a second
/// pass over the residuals; Neumaier-compensated double sums reproduce that to within an ulp, which keeps
/// R-hat and ESS near bit-level agreement with posterior.
/// </summary>
internal static class SampleMoments
{
    public static double Mean(ReadOnlySpan<double> x)
    {
        double mean = Sum(x) / x.Length;
        if (!double.IsFinite(mean)) return mean;   // R skips the correction too, so ±∞ and NaN pass through
        double residual = 0, compensation = 0;
        foreach (double v in x) Accumulate(ref residual, ref compensation, v - mean);
        return mean + (residual + compensation) / x.Length;
    }

    /// <summary>Sample variance, n − 1 denominator (R's <c>var</c>); NaN for a single value.</summary>
    public static double Variance(ReadOnlySpan<double> x) => Variance(x, Mean(x));

    public static double Variance(ReadOnlySpan<double> x, double mean)
    {
        double sum = 0, compensation = 0;
        foreach (double v in x)
        {
            double d = v - mean;
            Accumulate(ref sum, ref compensation, d * d);
        }
        return (sum + compensation) / (x.Length - 1);
    }

    public static double Sum(ReadOnlySpan<double> x)
    {
        double sum = 0, compensation = 0;
        foreach (double v in x) Accumulate(ref sum, ref compensation, v);
        return sum + compensation;
    }

    // Neumaier's variant of Kahan summation: the rounding error of every addition is kept in compensation.
    private static void Accumulate(ref double sum, ref double compensation, double value)
    {
        double t = sum + value;
        compensation += Math.Abs(sum) >= Math.Abs(value) ? (sum - t) + value : (value - t) + sum;
        sum = t;
    }
}
