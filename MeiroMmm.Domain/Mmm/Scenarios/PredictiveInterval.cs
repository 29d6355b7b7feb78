using MathNet.Numerics.Distributions;
using MeiroMmm.Domain.Mmm.Fitting;

namespace MeiroMmm.Domain.Mmm.Scenarios;

/// <summary>A central interval and the mean of a predictive or posterior distribution, in KPI units.</summary>
public sealed record PredictiveInterval(double Mean, double Lower, double Upper)
{
    /// <summary>Where an observed value falls: inside [Lower, Upper], below or above.</summary>
    public RealizationStatus Check(double observed) =>
        observed < Lower ? RealizationStatus.Below : observed > Upper ? RealizationStatus.Above : RealizationStatus.Inside;

    /// <summary>
    /// The central <paramref name="level"/> interval of an equal-weight mixture of Normal(means[s], sds[s]): the posterior
    /// predictive of a normal-likelihood model, one component per posterior draw. Its quantiles are found exactly (by
    /// bisection on the mixture CDF) rather than by simulating noise, so the interval does not move from call to call.
    /// </summary>
    public static PredictiveInterval FromNormalMixture(double[] means, double[] sds, double level)
    {
        if (means.Length == 0 || means.Length != sds.Length) throw new ArgumentException("Need one standard deviation per mean, and at least one.");
        double tail = (1 - level) / 2;
        return new(means.Average(), MixtureQuantile(means, sds, tail), MixtureQuantile(means, sds, 1 - tail));
    }

    /// <summary>The central interval of draws (R type 7 quantiles, as the fit's intervals).</summary>
    public static PredictiveInterval FromDraws(double[] draws, double level)
    {
        double tail = (1 - level) / 2;
        return new(draws.Average(), MmmFitter.Quantile((double[])draws.Clone(), tail), MmmFitter.Quantile((double[])draws.Clone(), 1 - tail));
    }

    private static double MixtureQuantile(double[] means, double[] sds, double q)
    {
        double spread = sds.Max();
        double lo = means.Min() - 10 * spread - 1e-9, hi = means.Max() + 10 * spread + 1e-9;
        for (int iteration = 0; iteration < 100 && hi - lo > 1e-9 * Math.Max(1, Math.Abs(hi)); iteration++)
        {
            double mid = (lo + hi) / 2;
            if (Cdf(means, sds, mid) < q) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    private static double Cdf(double[] means, double[] sds, double x)
    {
        double total = 0;
        for (int s = 0; s < means.Length; s++)
            total += sds[s] > 0 ? Normal.CDF(means[s], sds[s], x) : x >= means[s] ? 1 : 0;
        return total / means.Length;
    }
}
