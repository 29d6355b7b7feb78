using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>
/// Unknown share, coverage and mapping confidence of the stored touchpoints under the *current* taxonomy (the channel
/// stored with each touchpoint is what the taxonomy said at import time, so it is ignored here). Stateless: a singleton.
/// <para>
/// The database unpacks the journeys' touchpoints and counts them per distinct (source, medium, campaign) tag
/// (<see cref="TouchpointTagQuery"/>); only those counts come back, each tag is mapped once, and the reports are sums
/// over the tags. Memory grows with the number of distinct tags, not with the number of touchpoints.
/// </para>
/// </summary>
public sealed class TaxonomyReports(IDbContextFactory<MeiroDbContext> dbFactory, TaxonomyStore store)
{
    public const int SampleCount = 5;

    /// <summary>How the per-tag counts are read: in SQL. Tests swap in an in-process count of every journey to compare.</summary>
    internal Func<MeiroDbContext, CancellationToken, Task<List<TouchpointTagCount>>> CountTags { get; init; } = TouchpointTagQuery.CountAsync;

    public async Task<UnknownShareReport> UnknownShareAsync(int limit, CancellationToken ct)
    {
        var tally = await ScanAsync(ct);
        static UnknownShareReport.ValueShare Share(KeyValuePair<string, TouchpointTally.Counter> kv) =>
            new(kv.Key, kv.Value.Total, kv.Value.Unknown, Fraction(kv.Value.Unknown, kv.Value.Total));
        // Worst offenders first: most unknown touchpoints, then the value itself so equal counts list stably.
        return new UnknownShareReport(tally.Total, tally.Unknown, Fraction(tally.Unknown, tally.Total),
            [.. tally.BySource.Select(Share).OrderByDescending(v => v.Unknown).ThenByDescending(v => v.Touchpoints).ThenBy(v => v.Value, StringComparer.Ordinal).Take(limit)],
            [.. tally.ByMedium.Select(Share).OrderByDescending(v => v.Unknown).ThenByDescending(v => v.Touchpoints).ThenBy(v => v.Value, StringComparer.Ordinal).Take(limit)],
            [.. tally.UnmappedPairs.Select(p => new UnknownShareReport.UnmappedPair(p.Key.Source, p.Key.Medium, p.Value.Count, p.Value.Reason))
                .OrderByDescending(p => p.Count).ThenBy(p => p.Source, StringComparer.Ordinal).ThenBy(p => p.Medium, StringComparer.Ordinal).Take(limit)],
            await SamplesAsync(tally.UnknownCandidates.OrderBy(c => c.PathId).ThenBy(c => c.Mapping.Source, StringComparer.Ordinal)
                .ThenBy(c => c.Mapping.Medium, StringComparer.Ordinal).ThenBy(c => c.Campaign, StringComparer.Ordinal), ct));
    }

    public async Task<CoverageReport> CoverageAsync(CancellationToken ct)
    {
        var tally = await ScanAsync(ct);
        return new CoverageReport(tally.Total, Fraction(tally.Total - tally.Unknown, tally.Total),
            Fraction(tally.SourceCovered, tally.Total), Fraction(tally.MediumCovered, tally.Total),
            tally.BySource.Keys.Count(k => k.Length > 0), tally.ByMedium.Keys.Count(k => k.Length > 0),
            [.. tally.Channels.Select(c => new CoverageReport.ChannelCount(c.Key, c.Value.Total, Fraction(c.Value.Total, tally.Total)))
                .OrderByDescending(c => c.Touchpoints).ThenBy(c => c.Channel, StringComparer.Ordinal)],
            [.. tally.Mapper.Taxonomy.Rules.OrderBy(r => r.Priority)
                .Select(r => new CoverageReport.RuleCount(r.Name, r.Channel, r.Priority, tally.RuleUsage.GetValueOrDefault(r.Name)))]);
    }

    /// <summary>The report, or an error on <c>channel</c> when it is neither a taxonomy channel nor "unknown".</summary>
    public async Task<(ChannelConfidenceReport? Report, IReadOnlyList<FieldError> Errors)> ChannelConfidenceAsync(string? channel, CancellationToken ct)
    {
        var tally = await ScanAsync(ct);
        var channels = tally.Mapper.Taxonomy.Rules.Select(r => r.Channel).Append(ChannelRule.Unattributed).ToHashSet();
        if (channel is not null && !channels.Contains(channel))
            return (null, [new FieldError("channel", $"'{channel}' is not a channel of the taxonomy: use one of {string.Join(", ", channels.Order(StringComparer.Ordinal))}.")]);

        var selected = tally.Channels.Where(c => channel is null || c.Key == channel).ToList();
        int n = selected.Sum(c => c.Value.Total), low = selected.Sum(c => c.Value.Low);
        double sum = selected.Sum(c => c.Value.ConfidenceSum);
        var report = new ChannelConfidenceReport(channel, n, n == 0 ? 0 : sum / n, Fraction(low, n),
            [.. selected.Select(c => new ChannelConfidenceReport.ChannelConfidence(c.Key, c.Value.Total, c.Value.ConfidenceSum / c.Value.Total, Fraction(c.Value.Low, c.Value.Total)))
                .OrderBy(c => c.MeanConfidence).ThenBy(c => c.Channel, StringComparer.Ordinal)],
            await SamplesAsync(selected.SelectMany(c => c.Value.LowCandidates).OrderBy(c => c.Mapping.Confidence).ThenBy(c => c.PathId)
                .ThenBy(c => c.Mapping.Source, StringComparer.Ordinal).ThenBy(c => c.Mapping.Medium, StringComparer.Ordinal).ThenBy(c => c.Campaign, StringComparer.Ordinal), ct));
        return (report, []);
    }

    /// <summary>
    /// What saving <paramref name="candidate"/> would do to the stored touchpoints: how many change channel (from → to)
    /// and how the unknown share moves, compared with the taxonomy in use.
    /// </summary>
    public async Task<TaxonomyImpact> PreviewImpactAsync(ChannelTaxonomy candidate, CancellationToken ct)
    {
        var impact = new TaxonomyImpactCalculator(await store.MapperAsync(ct), new ChannelMapper(candidate));
        foreach (var tag in await TagCountsAsync(ct)) impact.Add(tag.Source, tag.Medium, tag.Campaign, checked((int)tag.Touchpoints));
        return impact.Result();
    }

    private async Task<TouchpointTally> ScanAsync(CancellationToken ct) =>
        TouchpointTally.Of(await store.MapperAsync(ct), await TagCountsAsync(ct));

    /// <summary>The per-tag counts from the database, in a fixed order so sums of doubles do not depend on the SQL's row order.</summary>
    private async Task<List<TouchpointTagCount>> TagCountsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tags = await CountTags(db, ct);
        return [.. tags.OrderBy(t => t.Source, StringComparer.Ordinal).ThenBy(t => t.Medium, StringComparer.Ordinal).ThenBy(t => t.Campaign, StringComparer.Ordinal)];
    }

    /// <summary>The first <see cref="SampleCount"/> candidates as samples, with the conversion id of their journey row.</summary>
    private async Task<List<TouchpointSample>> SamplesAsync(IEnumerable<TouchpointTally.Candidate> ordered, CancellationToken ct)
    {
        var chosen = ordered.Take(SampleCount).ToList();
        if (chosen.Count == 0) return [];
        var ids = chosen.Select(c => c.PathId).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var conversionIds = await db.ConversionPaths.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.ConversionId, ct);
        return [.. chosen.Select(c => new TouchpointSample(conversionIds.GetValueOrDefault(c.PathId, ""), c.Mapping.Source, c.Mapping.Medium, c.Campaign,
            c.Mapping.Channel, c.Mapping.Confidence, c.Mapping.FallbackReason))];
    }

    private static double Fraction(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}
