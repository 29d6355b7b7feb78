namespace MeiroMmm.Domain.Mmm.Explained;

/// <summary>
/// One channel at its current spend over a planning horizon (posterior means over the kept draws).
/// </summary>
/// <param name="ContributionShare">The channel's share of all media contribution at current spend (0–1).</param>
/// <param name="Spend">Current spend over the horizon (currency units).</param>
/// <param name="Contribution">Contribution of that spend over the horizon, carry-over included (KPI units).</param>
/// <param name="MarginalRoas">d contribution / d spend at current spend: KPI from one more currency unit.</param>
/// <param name="Elasticity">d ln contribution / d ln spend: % more contribution from 1 % more spend (1 = no diminishing returns, 0 = saturated).</param>
public sealed record ChannelLeverage(string Channel, double Spend, double Contribution, double ContributionShare, double MarginalRoas, double Elasticity,
    ChannelQuadrant Quadrant);
