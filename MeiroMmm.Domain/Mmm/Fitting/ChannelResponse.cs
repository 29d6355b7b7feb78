using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Domain.Mmm.Fitting;

/// <summary>
/// A channel's media effect at one posterior draw, in original KPI units: contribution over time for a spend series.
/// Used for contributions, ROAS, marginal ROAS, response curves and the budget optimizer.
/// </summary>
public static class ChannelResponse
{
    /// <summary>
    /// Writes the contribution per period (KPI units) of spend series <paramref name="spend"/> (currency units) for a
    /// channel with the given parameters, and returns its total. <paramref name="scratch"/> needs the spend's length.
    /// </summary>
    public static double Contribution(ReadOnlySpan<double> spend, double channelScale, double targetScale, int lMax,
        double alpha, double lambda, double beta, Span<double> perPeriod, Span<double> scratch)
    {
        for (int t = 0; t < spend.Length; t++) scratch[t] = spend[t] / channelScale;
        MediaTransforms.GeometricAdstock(scratch[..spend.Length], alpha, lMax, perPeriod);
        double total = 0;
        for (int t = 0; t < spend.Length; t++)
        {
            perPeriod[t] = targetScale * beta * MediaTransforms.Logistic(perPeriod[t], lambda);
            total += perPeriod[t];
        }
        return total;
    }
}
