namespace MeiroMmm.Domain.Mmm.Scenarios;

/// <summary>
/// A forecast at every kept draw, in KPI units: <see cref="Mean"/>[draw][period] the expected KPI μ,
/// <see cref="ChannelContribution"/>[channel][draw] each channel's media effect summed over the periods, and
/// <see cref="Sigma"/>[draw] the observation noise σ.
/// </summary>
public sealed record KpiForecast(double[][] Mean, double[][] ChannelContribution, double[] Sigma)
{
    public int Draws => Sigma.Length;
    public int Periods => Mean.Length > 0 ? Mean[0].Length : 0;

    /// <summary>Posterior predictive interval of one period's KPI: μ and σ from each draw, noise Normal(0, σ).</summary>
    public PredictiveInterval Period(int t, double level) =>
        PredictiveInterval.FromNormalMixture([.. Mean.Select(m => m[t])], Sigma, level);

    /// <summary>
    /// Posterior predictive interval of the KPI summed over periods <paramref name="from"/> … <paramref name="to"/> − 1: noise
    /// is independent across periods given σ, so the sum's noise is Normal(0, σ√n).
    /// </summary>
    public PredictiveInterval Sum(int from, int to, double level)
    {
        double root = Math.Sqrt(to - from);
        return PredictiveInterval.FromNormalMixture([.. Mean.Select(m => m.AsSpan(from, to - from).ToArray().Sum())], [.. Sigma.Select(s => s * root)], level);
    }

    /// <summary>Credible interval of channel c's media effect over the periods (no noise: contributions are not observed).</summary>
    public PredictiveInterval Contribution(int c, double level) => PredictiveInterval.FromDraws(ChannelContribution[c], level);
}
