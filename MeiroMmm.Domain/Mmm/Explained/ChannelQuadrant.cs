namespace MeiroMmm.Domain.Mmm.Explained;

/// <summary>
/// The seed's grid of contribution × elasticity: high + high = strategic lever, high contribution + low elasticity =
/// saturated, low contribution + high elasticity = growth opportunity, low + low = low priority.
/// </summary>
public enum ChannelQuadrant { StrategicLever, Saturated, GrowthOpportunity, LowPriority }
