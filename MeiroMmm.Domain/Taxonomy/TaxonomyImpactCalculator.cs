namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// Counts, over touchpoints fed one by one, how the channel under <paramref name="current"/> compares with the channel
/// under <paramref name="candidate"/>. Each distinct (source, medium, campaign) is mapped once by each mapper: stored
/// data has few distinct tags and many touchpoints. Not thread-safe; one per preview.
/// </summary>
public sealed class TaxonomyImpactCalculator(ChannelMapper current, ChannelMapper candidate)
{
    public const int ExamplesPerTransition = 3;

    private readonly Dictionary<(string, string, string), int> _counts = [];

    public void Add(string? source, string? medium, string? campaign, int count = 1)
    {
        var key = (source ?? "", medium ?? "", campaign ?? "");
        _counts[key] = _counts.GetValueOrDefault(key) + count;
    }

    public TaxonomyImpact Result()
    {
        int total = 0, unknownBefore = 0, unknownAfter = 0, changed = 0;
        var transitions = new Dictionary<(string From, string To), Dictionary<string, int>>();
        var channels = new Dictionary<string, (int Before, int After, int In, int Out)>(StringComparer.Ordinal);
        void Shift(string channel, int before, int after, int moveIn, int moveOut)
        {
            var c = channels.GetValueOrDefault(channel);
            channels[channel] = (c.Before + before, c.After + after, c.In + moveIn, c.Out + moveOut);
        }
        foreach (var ((source, medium, campaign), count) in _counts)
        {
            var before = current.Map(source, medium, campaign);
            var after = candidate.Map(source, medium, campaign);
            total += count;
            if (before.IsUnknown) unknownBefore += count;
            if (after.IsUnknown) unknownAfter += count;
            bool moves = before.Channel != after.Channel;
            Shift(before.Channel, count, 0, 0, moves ? count : 0);
            Shift(after.Channel, 0, count, moves ? count : 0, 0);
            if (!moves) continue;
            changed += count;
            var key = (before.Channel, after.Channel);
            if (!transitions.TryGetValue(key, out var pairs)) transitions[key] = pairs = [];
            string pair = $"{Show(after.Source)} / {Show(after.Medium)}";
            pairs[pair] = pairs.GetValueOrDefault(pair) + count;
        }
        return new TaxonomyImpact(total, changed, unknownBefore, unknownAfter, Fraction(unknownBefore, total), Fraction(unknownAfter, total),
            [.. transitions.Select(t => new ChannelTransition(t.Key.From, t.Key.To, t.Value.Values.Sum(),
                    [.. t.Value.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(ExamplesPerTransition).Select(p => p.Key)]))
                .OrderByDescending(t => t.Touchpoints).ThenBy(t => t.From, StringComparer.Ordinal).ThenBy(t => t.To, StringComparer.Ordinal)],
            [.. channels.Select(c => new ChannelShift(c.Key, c.Value.Before, c.Value.After, c.Value.In, c.Value.Out))
                .OrderByDescending(c => Math.Max(c.Before, c.After)).ThenBy(c => c.Channel, StringComparer.Ordinal)]);
    }

    private static string Show(string value) => value.Length == 0 ? "(absent)" : value;

    private static double Fraction(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}
