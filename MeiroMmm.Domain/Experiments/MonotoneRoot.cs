namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// Bisection for a function that changes sign once on a bracket. The power and MDE equations are monotone and cost a
/// few flops, so 200 halvings are cheaper to reason about than a faster solver with its own stopping rules.
/// </summary>
internal static class MonotoneRoot
{
    /// <summary>The root of <paramref name="f"/> in [lower, upper], or null when f has the same sign at both ends.</summary>
    public static double? Bisect(Func<double, double> f, double lower, double upper)
    {
        double fLower = f(lower), fUpper = f(upper);
        if (fLower == 0) return lower;
        if (fUpper == 0) return upper;
        if (Math.Sign(fLower) == Math.Sign(fUpper) || double.IsNaN(fLower) || double.IsNaN(fUpper)) return null;
        for (int i = 0; i < 200; i++)
        {
            double middle = lower + (upper - lower) / 2;
            if (middle <= lower || middle >= upper) break;   // adjacent doubles: as exact as a double gets
            double fMiddle = f(middle);
            if (fMiddle == 0) return middle;
            if (Math.Sign(fMiddle) == Math.Sign(fLower)) { lower = middle; fLower = fMiddle; }
            else upper = middle;
        }
        return lower + (upper - lower) / 2;
    }
}
