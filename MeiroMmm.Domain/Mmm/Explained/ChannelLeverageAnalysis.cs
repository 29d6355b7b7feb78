using MeiroMmm.Domain.Mmm.Optimization;

namespace MeiroMmm.Domain.Mmm.Explained;

/// <summary>
/// Contribution share, marginal ROAS and elasticity of each channel at its current spend, read from the engine's
/// <see cref="ResponseModel"/> (so the same curves as the optimizer), and the channel's quadrant.
/// </summary>
public static class ChannelLeverageAnalysis
{
    /// <summary>
    /// Elasticity at or above this is "high": at 0.5 one more percent of spend still brings half a percent more
    /// contribution, i.e. the channel is at most half-way into diminishing returns.
    /// </summary>
    public const double HighElasticity = 0.5;

    /// <param name="currentSpend">Each channel's current spend over the model's horizon (currency units).</param>
    /// <remarks>
    /// Contribution share is "high" at or above an equal split (1 / number of channels). Marginal ROAS is the posterior
    /// mean of the derivative; elasticity is that of the posterior-mean response, S · E[R′(S)] / E[R(S)].
    /// </remarks>
    public static IReadOnlyList<ChannelLeverage> Analyze(ResponseModel model, IReadOnlyList<double> currentSpend)
    {
        int channels = model.Channels.Count;
        if (currentSpend.Count != channels) throw new ArgumentException($"Need one spend per channel ({channels}).", nameof(currentSpend));
        var contribution = new double[channels];
        var marginal = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            for (int s = 0; s < model.Draws; s++)
            {
                contribution[c] += model.Response(c, s, currentSpend[c], out double derivative) / model.Draws;
                marginal[c] += derivative / model.Draws;
            }
        }
        double total = contribution.Sum();
        double highShare = 1.0 / channels;
        return [.. Enumerable.Range(0, channels).Select(c =>
        {
            double share = total > 0 ? contribution[c] / total : 0;
            double elasticity = contribution[c] > 0 ? currentSpend[c] * marginal[c] / contribution[c] : 0;
            return new ChannelLeverage(model.Channels[c], currentSpend[c], contribution[c], share, marginal[c], elasticity,
                Classify(share >= highShare, elasticity >= HighElasticity));
        })];
    }

    private static ChannelQuadrant Classify(bool highContribution, bool highElasticity) => (highContribution, highElasticity) switch
    {
        (true, true) => ChannelQuadrant.StrategicLever,
        (true, false) => ChannelQuadrant.Saturated,
        (false, true) => ChannelQuadrant.GrowthOpportunity,
        _ => ChannelQuadrant.LowPriority,
    };
}
