using MathNet.Numerics.Distributions;

namespace MeiroMmm.Domain.Mmm.Diagnostics;

/// <summary>
/// floor(S·q) and ceiling(S·q) for a Beta quantile q, as posterior's <c>mcse_quantile</c> uses them to pick order
/// statistics. MathNet's <see cref="Beta.InvCDF"/> is a Brent search to 1e-8, so a quantile that lands within
/// 1e-8·S of a grid point k/S could round to the wrong draw; the CDF at the neighbouring grid points settles it.
/// </summary>
internal static class BetaQuantileGrid
{
    /// <summary>The largest k in 0..S with k/S ≤ q, i.e. CDF(k/S) ≤ p.</summary>
    public static int Floor(double a, double b, double p, int s)
    {
        int k = (int)Math.Clamp(Math.Floor(Beta.InvCDF(a, b, p) * s), 0, s);
        while (k > 0 && Beta.CDF(a, b, (double)k / s) > p) k--;
        while (k < s && Beta.CDF(a, b, (double)(k + 1) / s) <= p) k++;
        return k;
    }

    /// <summary>The smallest k in 0..S with k/S ≥ q, i.e. CDF(k/S) ≥ p.</summary>
    public static int Ceiling(double a, double b, double p, int s)
    {
        int k = (int)Math.Clamp(Math.Ceiling(Beta.InvCDF(a, b, p) * s), 0, s);
        while (k < s && Beta.CDF(a, b, (double)k / s) < p) k++;
        while (k > 0 && Beta.CDF(a, b, (double)(k - 1) / s) >= p) k--;
        return k;
    }
}
