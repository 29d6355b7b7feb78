namespace MeiroMmm.Domain.Explainability;

/// <summary>
/// One channel's (or campaign's) share of a period under linear credit: <see cref="Journeys"/> is the fractional number
/// of journeys it carries (a journey with n touches gives 1/n to each touch's segment), <see cref="Conversions"/> and
/// <see cref="Value"/> the conversions and conversion value credited to it the same way, <see cref="Spend"/> its media
/// spend in the period (null when no spend series matches it). Over all segments the journeys, conversions and value
/// add up to the period's totals.
/// </summary>
public sealed record SegmentTotals(string Key, double Journeys, double Conversions, double Value, double? Spend = null);
