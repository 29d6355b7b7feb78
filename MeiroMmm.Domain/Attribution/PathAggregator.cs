namespace MeiroMmm.Domain.Attribution;

/// <summary>Groups journeys by channel sequence (GROUP BY path hash in the seed's storage), summing conversions, value and nulls.</summary>
public static class PathAggregator
{
    /// <summary>
    /// With <paramref name="byTouchAges"/> the key also holds each touch's age in days before the conversion
    /// (conversion timestamp, else the last touch's), so time-decay stays exact; journeys missing any timestamp
    /// get no ages and time-decay falls back to position for them. The other models give the same result either way.
    /// </summary>
    public static IReadOnlyList<AggregatedPath> Aggregate(IEnumerable<Journey> journeys, bool byTouchAges = false)
    {
        var groups = new Dictionary<string, (string[] Channels, double[]? Ages, double Conversions, double Value, double Nulls)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var journey in journeys)
        {
            if (journey.Touchpoints.Count == 0) continue;   // no touch, nothing to credit
            string[] channels = [.. journey.Touchpoints.Select(t => t.Channel)];
            double[]? ages = byTouchAges ? TouchAges(journey) : null;
            string key = string.Join(PathHash.Separator, channels) + (ages is null ? "" : "|" + string.Join(",", ages.Select(a => a.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
            if (!groups.TryGetValue(key, out var g)) { g = (channels, ages, 0, 0, 0); order.Add(key); }
            groups[key] = journey.Converted
                ? g with { Conversions = g.Conversions + 1, Value = g.Value + journey.ConversionValue }
                : g with { Nulls = g.Nulls + 1 };
        }
        return [.. order.Select(k => groups[k]).Select(g => new AggregatedPath(g.Channels, g.Conversions, g.Value, g.Nulls, g.Ages))];
    }

    private static double[]? TouchAges(Journey journey)
    {
        var touches = journey.Touchpoints;
        if (touches.Any(t => t.Timestamp is null)) return null;
        var end = journey.ConversionTimestamp ?? touches[^1].Timestamp!.Value;
        return [.. touches.Select(t => (end - t.Timestamp!.Value).TotalDays)];
    }
}
