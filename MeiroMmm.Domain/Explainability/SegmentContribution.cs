namespace MeiroMmm.Domain.Explainability;

/// <summary>
/// One segment's part of a metric's change: its credited value in the comparison and current periods, its change (the
/// sum of <see cref="Terms"/>, keyed like the decomposition's terms), its share of the metric in each period, and the
/// factors it was computed from (e.g. mix = share of journeys, conversion_rate) so each term can be read back.
/// </summary>
public sealed record SegmentContribution(
    string Key,
    double Compare,
    double Current,
    double Change,
    double ShareCompare,
    double ShareCurrent,
    SegmentPresence Presence,
    IReadOnlyDictionary<string, double> Terms,
    IReadOnlyDictionary<string, double> FactorsCompare,
    IReadOnlyDictionary<string, double> FactorsCurrent)
{
    /// <summary>Percentage points the segment's share of the metric moved.</summary>
    public double ShareChange => ShareCurrent - ShareCompare;
}
