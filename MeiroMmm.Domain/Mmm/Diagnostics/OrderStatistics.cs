namespace MeiroMmm.Domain.Mmm.Diagnostics;

/// <summary>Quantile, median and highest density interval of pooled draws that are already sorted ascending.</summary>
internal static class OrderStatistics
{
    /// <summary>
    /// R's <c>quantile(x, prob, type = 7)</c>: linear interpolation between order statistics at 1 + (S − 1)·prob,
    /// with R's exact expression, so the result (and every x ≤ q indicator built on it) matches bit for bit.
    /// </summary>
    public static double Type7(ReadOnlySpan<double> sorted, double prob)
    {
        double index = 1 + Math.Max(sorted.Length - 1, 0) * prob;
        int lo = (int)Math.Floor(index);
        int hi = (int)Math.Ceiling(index);
        double q = sorted[lo - 1];
        if (index > lo && sorted[hi - 1] != q)
        {
            double h = index - lo;
            q = (1 - h) * q + h * sorted[hi - 1];
        }
        return q;
    }

    /// <summary>R's <c>median</c>: the middle draw, or the mean of the two middle draws.</summary>
    public static double Median(ReadOnlySpan<double> sorted)
    {
        int half = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }

    /// <summary>
    /// ArviZ's <c>hdi</c> for unimodal draws: the narrowest interval [s_i, s_(i+k)] with k = floor(prob·S);
    /// ties go to the lowest i, as with numpy's argmin. NaN when no interval fits (ArviZ raises "Too few elements").
    /// </summary>
    public static (double Low, double High) Hdi(ReadOnlySpan<double> sorted, double prob)
    {
        int included = (int)Math.Floor(prob * sorted.Length);
        int intervals = sorted.Length - included;
        if (intervals <= 0) return (double.NaN, double.NaN);
        int best = 0;
        double bestWidth = double.PositiveInfinity;
        for (int i = 0; i < intervals; i++)
        {
            double width = sorted[i + included] - sorted[i];
            if (width < bestWidth)
            {
                bestWidth = width;
                best = i;
            }
        }
        return (sorted[best], sorted[best + included]);
    }
}
