namespace MeiroMmm.Domain.Explainability;

/// <summary>
/// Adds journeys one by one and splits each over its touches' segments with linear credit (equal shares), so that every
/// journey, conversion and unit of value is counted exactly once across segments. A journey without touches counts
/// under <see cref="NoTouchpoints"/>. Not thread-safe; one per period.
/// </summary>
public sealed class SegmentCreditAccumulator
{
    public const string NoTouchpoints = "(no touchpoints)";

    private readonly Dictionary<string, (double Journeys, double Conversions, double Value)> _segments = new(StringComparer.Ordinal);

    /// <summary>Journeys added so far.</summary>
    public int JourneyCount { get; private set; }

    /// <summary>Touchpoints added so far (the taxonomy comparison counts them).</summary>
    public int TouchpointCount { get; private set; }

    /// <param name="segmentKeys">The segment (channel or campaign) of each touch, in order; repeats get repeated shares.</param>
    /// <param name="converted">Whether the journey converted; only converting journeys carry conversions and value.</param>
    /// <param name="value">The conversion value (ignored when not converted).</param>
    public void Add(IReadOnlyList<string> segmentKeys, bool converted, double value)
    {
        JourneyCount++;
        TouchpointCount += segmentKeys.Count;
        if (segmentKeys.Count == 0)
        {
            Credit(NoTouchpoints, 1, converted, value);
            return;
        }
        double share = 1.0 / segmentKeys.Count;
        foreach (string key in segmentKeys) Credit(key, share, converted, value);
    }

    /// <summary>
    /// Adds every journey of one distinct path at once (a row of the path aggregates): the same as adding each of its
    /// journeys, with <paramref name="value"/> the total value of its converting journeys.
    /// </summary>
    public void AddPath(IReadOnlyList<string> segmentKeys, long conversions, long nonConversions, double value)
    {
        long journeys = conversions + nonConversions;
        if (journeys <= 0) return;
        JourneyCount += checked((int)journeys);
        TouchpointCount += checked(segmentKeys.Count * (int)journeys);
        if (segmentKeys.Count == 0)
        {
            CreditMany(NoTouchpoints, 1, journeys, conversions, value);
            return;
        }
        double share = 1.0 / segmentKeys.Count;
        foreach (string key in segmentKeys) CreditMany(key, share, journeys, conversions, value);
    }

    private void CreditMany(string key, double share, long journeys, long conversions, double value)
    {
        var s = _segments.GetValueOrDefault(key);
        _segments[key] = (s.Journeys + share * journeys, s.Conversions + share * conversions, s.Value + share * value);
    }

    /// <summary>The segments with their credited totals, largest journey share first.</summary>
    public IReadOnlyList<SegmentTotals> Totals(IReadOnlyDictionary<string, double>? spendBySegment = null) =>
        [.. _segments.Select(s => new SegmentTotals(s.Key, s.Value.Journeys, s.Value.Conversions, s.Value.Value,
                spendBySegment is not null && spendBySegment.TryGetValue(s.Key, out double spend) ? spend : null))
            .Concat(SpendOnlySegments(spendBySegment))
            .OrderByDescending(s => s.Journeys).ThenBy(s => s.Key, StringComparer.Ordinal)];

    // A channel with spend but no journeys still belongs to ROAS: its spend bought nothing the journeys show.
    private IEnumerable<SegmentTotals> SpendOnlySegments(IReadOnlyDictionary<string, double>? spendBySegment) =>
        spendBySegment is null ? [] : spendBySegment.Where(s => !_segments.ContainsKey(s.Key)).Select(s => new SegmentTotals(s.Key, 0, 0, 0, s.Value));

    private void Credit(string key, double share, bool converted, double value)
    {
        var s = _segments.GetValueOrDefault(key);
        _segments[key] = (s.Journeys + share, s.Conversions + (converted ? share : 0), s.Value + (converted ? share * value : 0));
    }
}
