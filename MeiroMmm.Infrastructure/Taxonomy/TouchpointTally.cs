using MeiroMmm.Domain.Attribution;
using MeiroMmm.Domain.Taxonomy;

namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>
/// The counts the three taxonomy reports are built from, gathered in one pass over the touchpoints. Mappings are
/// memoized per (source, medium, campaign): real data has few distinct tags and many touchpoints.
/// </summary>
internal sealed class TouchpointTally(ChannelMapper mapper)
{
    public sealed class Counter { public int Total; public int Unknown; }

    public sealed class ChannelTally
    {
        public int Total; public int Low; public double ConfidenceSum;
        public List<TouchpointSample> LowSamples { get; } = [];
    }

    private readonly Dictionary<(string, string, string), ChannelMapping> _mapped = [];

    public ChannelMapper Mapper => mapper;
    public int Total { get; private set; }
    public int Unknown { get; private set; }
    public int SourceCovered { get; private set; }
    public int MediumCovered { get; private set; }
    public Dictionary<string, Counter> BySource { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Counter> ByMedium { get; } = new(StringComparer.Ordinal);
    public Dictionary<(string Source, string Medium), (int Count, string? Reason)> UnmappedPairs { get; } = [];
    public List<TouchpointSample> UnknownSamples { get; } = [];
    public Dictionary<string, ChannelTally> Channels { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, int> RuleUsage { get; } = new(StringComparer.Ordinal);

    public void Add(string conversionId, Touchpoint touchpoint)
    {
        var key = (touchpoint.Source ?? "", touchpoint.Medium ?? "", touchpoint.Campaign ?? "");
        if (!_mapped.TryGetValue(key, out var mapping)) _mapped[key] = mapping = mapper.Map(key.Item1, key.Item2, key.Item3);
        bool unknown = mapping.IsUnknown;
        Total++;
        if (unknown) Unknown++;
        if (!unknown && IsSet(mapping.Source)) SourceCovered++;
        if (!unknown && IsSet(mapping.Medium)) MediumCovered++;
        Count(BySource, mapping.Source, unknown);
        Count(ByMedium, mapping.Medium, unknown);

        var sample = new TouchpointSample(conversionId, mapping.Source, mapping.Medium, UtmNormalizer.Normalize(touchpoint.Campaign), mapping.Channel, mapping.Confidence, mapping.FallbackReason);
        if (unknown)
        {
            var pair = (mapping.Source, mapping.Medium);
            UnmappedPairs[pair] = (UnmappedPairs.GetValueOrDefault(pair).Count + 1, mapping.FallbackReason);
            if (UnknownSamples.Count < TaxonomyReports.SampleCount) UnknownSamples.Add(sample);
        }
        if (mapping.MatchedRule is { } rule) RuleUsage[rule] = RuleUsage.GetValueOrDefault(rule) + 1;

        if (!Channels.TryGetValue(mapping.Channel, out var channel)) Channels[mapping.Channel] = channel = new ChannelTally();
        channel.Total++;
        channel.ConfidenceSum += mapping.Confidence;
        if (mapping.Confidence < ChannelConfidenceReport.LowConfidenceThreshold)
        {
            channel.Low++;
            if (channel.LowSamples.Count < TaxonomyReports.SampleCount) channel.LowSamples.Add(sample);
        }
    }

    private static bool IsSet(string value) => value.Length > 0 && value != UtmNormalizer.NotSet;

    private static void Count(Dictionary<string, Counter> counters, string value, bool unknown)
    {
        if (!counters.TryGetValue(value, out var counter)) counters[value] = counter = new Counter();
        counter.Total++;
        if (unknown) counter.Unknown++;
    }
}
