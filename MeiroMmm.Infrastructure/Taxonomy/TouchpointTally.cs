using MeiroMmm.Domain.Taxonomy;

namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>
/// The counts the three taxonomy reports are built from, added up from the per-tag counts of
/// <see cref="TouchpointTagQuery"/>: each distinct (source, medium, campaign) is mapped once and counts with its weight.
/// Samples are kept as candidates (a tag and its first journey row); the reports pick a few and look up their ids.
/// </summary>
internal sealed class TouchpointTally(ChannelMapper mapper)
{
    public sealed class Counter { public int Total; public int Unknown; }

    /// <summary>A tag that could be shown as an example, with the first journey row that carries it.</summary>
    public sealed record Candidate(long PathId, ChannelMapping Mapping, string Campaign);

    public sealed class ChannelTally
    {
        public int Total; public int Low; public double ConfidenceSum;
        public List<Candidate> LowCandidates { get; } = [];
    }

    public ChannelMapper Mapper => mapper;
    public int Total { get; private set; }
    public int Unknown { get; private set; }
    public int SourceCovered { get; private set; }
    public int MediumCovered { get; private set; }
    public Dictionary<string, Counter> BySource { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Counter> ByMedium { get; } = new(StringComparer.Ordinal);
    public Dictionary<(string Source, string Medium), (int Count, string? Reason)> UnmappedPairs { get; } = [];
    public List<Candidate> UnknownCandidates { get; } = [];
    public Dictionary<string, ChannelTally> Channels { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, int> RuleUsage { get; } = new(StringComparer.Ordinal);

    public static TouchpointTally Of(ChannelMapper mapper, IEnumerable<TouchpointTagCount> tags)
    {
        var tally = new TouchpointTally(mapper);
        foreach (var tag in tags) tally.Add(tag);
        return tally;
    }

    public void Add(TouchpointTagCount tag)
    {
        var mapping = mapper.Map(tag.Source, tag.Medium, tag.Campaign);
        int n = checked((int)tag.Touchpoints);
        bool unknown = mapping.IsUnknown;
        Total += n;
        if (unknown) Unknown += n;
        if (!unknown && IsSet(mapping.Source)) SourceCovered += n;
        if (!unknown && IsSet(mapping.Medium)) MediumCovered += n;
        Count(BySource, mapping.Source, unknown, n);
        Count(ByMedium, mapping.Medium, unknown, n);

        var candidate = new Candidate(tag.FirstPathId, mapping, UtmNormalizer.Normalize(tag.Campaign));
        if (unknown)
        {
            var pair = (mapping.Source, mapping.Medium);
            UnmappedPairs[pair] = (UnmappedPairs.GetValueOrDefault(pair).Count + n, mapping.FallbackReason);
            UnknownCandidates.Add(candidate);
        }
        if (mapping.MatchedRule is { } rule) RuleUsage[rule] = RuleUsage.GetValueOrDefault(rule) + n;

        if (!Channels.TryGetValue(mapping.Channel, out var channel)) Channels[mapping.Channel] = channel = new ChannelTally();
        channel.Total += n;
        channel.ConfidenceSum += mapping.Confidence * n;
        if (mapping.Confidence < ChannelConfidenceReport.LowConfidenceThreshold)
        {
            channel.Low += n;
            channel.LowCandidates.Add(candidate);
        }
    }

    private static bool IsSet(string value) => value.Length > 0 && value != UtmNormalizer.NotSet;

    private static void Count(Dictionary<string, Counter> counters, string value, bool unknown, int n)
    {
        if (!counters.TryGetValue(value, out var counter)) counters[value] = counter = new Counter();
        counter.Total += n;
        if (unknown) counter.Unknown += n;
    }
}
