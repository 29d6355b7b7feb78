namespace MeiroMmm.Domain.Mmm;

/// <summary>
/// PyMC-Marketing's YearlyFourier features (reference/PRIORS.md §5): p = day-of-year / 365.25,
/// columns sin_1..sin_n then cos_1..cos_n.
/// </summary>
public static class YearlyFourier
{
    public const double DaysInYear = 365.25;

    public static IReadOnlyList<string> TermNames(int order) =>
        [.. Enumerable.Range(1, order).Select(k => $"sin_{k}"), .. Enumerable.Range(1, order).Select(k => $"cos_{k}")];

    /// <summary>Row-major features: result[t * 2n + j].</summary>
    public static double[] Features(IReadOnlyList<DateOnly> dates, int order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        int width = 2 * order;
        var features = new double[dates.Count * width];
        for (int t = 0; t < dates.Count; t++)
        {
            double p = dates[t].DayOfYear / DaysInYear;
            for (int k = 1; k <= order; k++)
            {
                features[t * width + (k - 1)] = Math.Sin(2 * Math.PI * k * p);
                features[t * width + order + (k - 1)] = Math.Cos(2 * Math.PI * k * p);
            }
        }
        return features;
    }
}
