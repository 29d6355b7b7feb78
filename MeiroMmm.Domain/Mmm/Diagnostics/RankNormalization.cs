using MathNet.Numerics.Distributions;

namespace MeiroMmm.Domain.Mmm.Diagnostics;

/// <summary>
/// posterior's <c>z_scale</c> (Vehtari et al. 2021, eq. 14): rank all draws jointly, ties get their average rank,
/// then z = Φ⁻¹((r − 3/8) / (S − 2·3/8 + 1)) with Blom's offset.
/// </summary>
internal static class RankNormalization
{
    private const double BlomOffset = 3.0 / 8.0;

    public static DrawMatrix ZScale(DrawMatrix draws)
    {
        ReadOnlySpan<double> values = draws.All;
        int count = values.Length;
        var keys = values.ToArray();
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        Array.Sort(keys, order);

        var z = new double[count];
        double denominator = count - 2 * BlomOffset + 1;   // same operation order as R, so the same rounding
        for (int i = 0; i < count;)
        {
            int j = i;
            while (j + 1 < count && keys[j + 1] == keys[i]) j++;
            // 1-based ranks i+1..j+1 share their average, exactly as R's rank(ties.method = "average") forms it.
            double rank = (i + j + 2) / 2.0;
            double normal = double.IsNaN(keys[i]) ? double.NaN : Normal.InvCDF(0, 1, (rank - BlomOffset) / denominator);
            for (int k = i; k <= j; k++) z[order[k]] = normal;
            i = j + 1;
        }
        return new DrawMatrix(z, draws.Chains, draws.Length);
    }
}
