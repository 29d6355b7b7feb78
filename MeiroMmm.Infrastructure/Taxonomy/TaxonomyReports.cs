using MeiroMmm.Domain.Attribution;
using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>
/// Unknown share, coverage and mapping confidence of the stored touchpoints under the *current* taxonomy (the channel
/// stored with each touchpoint is what the taxonomy said at import time, so it is ignored here). Stateless: a singleton.
/// <para>
/// Journeys keep their touchpoints as JSON, so each report reads conversion_paths in keyset-paged batches (no tracking,
/// one batch in memory at a time) and maps every distinct (source, medium, campaign) once. For very large volumes the
/// unpacking and grouping would move into SQL: json_each (SQLite), jsonb_array_elements (PostgreSQL) or OPENJSON
/// (SQL Server) grouped by source, medium and campaign with counts, leaving only the regex mapping of the distinct
/// triples, and the samples, in process. The rules are regexes, so the mapping itself cannot move into SQL portably.
/// </para>
/// </summary>
public sealed class TaxonomyReports(IDbContextFactory<MeiroDbContext> dbFactory, TaxonomyStore store)
{
    public const int BatchSize = 1000;
    public const int SampleCount = 5;

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
            tally.UnknownSamples);
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
            [.. selected.SelectMany(c => c.Value.LowSamples).OrderBy(s => s.Confidence).ThenBy(s => s.ConversionId, StringComparer.Ordinal).Take(SampleCount)]);
        return (report, []);
    }

    /// <summary>
    /// What saving <paramref name="candidate"/> would do to the stored touchpoints: how many change channel (from → to)
    /// and how the unknown share moves, compared with the taxonomy in use.
    /// </summary>
    public async Task<TaxonomyImpact> PreviewImpactAsync(ChannelTaxonomy candidate, CancellationToken ct)
    {
        var impact = new TaxonomyImpactCalculator(await store.MapperAsync(ct), new ChannelMapper(candidate));
        await ForEachTouchpointAsync((_, t) => impact.Add(t.Source, t.Medium, t.Campaign), ct);
        return impact.Result();
    }

    private async Task<TouchpointTally> ScanAsync(CancellationToken ct)
    {
        var tally = new TouchpointTally(await store.MapperAsync(ct));
        await ForEachTouchpointAsync(tally.Add, ct);
        return tally;
    }

    private async Task ForEachTouchpointAsync(Action<string, Touchpoint> visit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        long after = 0;
        while (true)
        {
            // Keyset paging on the primary key: each batch is one indexed range read, whatever the table size.
            var batch = await db.ConversionPaths.AsNoTracking().Where(p => p.Id > after).OrderBy(p => p.Id).Take(BatchSize)
                .Select(p => new { p.Id, p.ConversionId, p.PathJson }).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var path in batch)
                foreach (Touchpoint touchpoint in ConversionPathMapper.ReadTouchpoints(path.PathJson))
                    visit(path.ConversionId, touchpoint);
            after = batch[^1].Id;
        }
    }

    private static double Fraction(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}
