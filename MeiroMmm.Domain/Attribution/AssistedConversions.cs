namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// How often a channel closed converting journeys (last touch) and how often it assisted them (it appears on the path
/// before the last touch). A journey counts at most once per role for a channel, however often the channel repeats;
/// a channel both earlier on the path and last (a &gt; b &gt; a) counts in both roles.
/// </summary>
public sealed record ChannelAssists(string Channel, double LastTouchConversions, double AssistedConversions)
{
    /// <summary>Assisted ÷ last-touch conversions: above 1 the channel mostly prepares conversions others close; null when it never closes.</summary>
    public double? AssistRatio => LastTouchConversions > 0 ? AssistedConversions / LastTouchConversions : null;
}

/// <summary>Counts <see cref="ChannelAssists"/> over aggregated paths, so it reads distinct paths with counts, not journeys.</summary>
public static class AssistedConversions
{
    /// <summary>Per channel on a converting path; ordered by last-touch plus assisted conversions, largest first, then by name.</summary>
    public static IReadOnlyList<ChannelAssists> Count(IEnumerable<AggregatedPath> paths)
    {
        var last = new Dictionary<string, double>(StringComparer.Ordinal);
        var assisted = new Dictionary<string, double>(StringComparer.Ordinal);
        var before = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (path.Conversions <= 0 || path.Channels.Count == 0) continue;
            int n = path.Channels.Count;
            last[path.Channels[n - 1]] = last.GetValueOrDefault(path.Channels[n - 1]) + path.Conversions;
            before.Clear();
            for (int i = 0; i < n - 1; i++) before.Add(path.Channels[i]);
            foreach (string channel in before) assisted[channel] = assisted.GetValueOrDefault(channel) + path.Conversions;
        }
        return [.. last.Keys.Union(assisted.Keys, StringComparer.Ordinal)
            .Select(c => new ChannelAssists(c, last.GetValueOrDefault(c), assisted.GetValueOrDefault(c)))
            .OrderByDescending(a => a.LastTouchConversions + a.AssistedConversions).ThenBy(a => a.Channel, StringComparer.Ordinal)];
    }
}
