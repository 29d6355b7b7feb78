using System.Text.Json.Nodes;
using MeiroMmm.Domain.Attribution;
using MeiroMmm.Domain.Configs;
using MeiroMmm.Domain.Explainability;
using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Taxonomy;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Explainability;

/// <summary>
/// "Why did this change?": reads the two periods' linear credit per channel or campaign, their spend, the DQ snapshots,
/// the model configs and taxonomy versions in force, and hands them to the domain's decomposer, comparability assessor
/// and narrative. By channel with one taxonomy version in force for both periods, the credit comes from the path
/// aggregates (distinct paths grouped in the database); by campaign, or when the taxonomy changed (its impact needs each
/// touch's source/medium/campaign), it pages through the journeys. Stateless: a singleton.
/// </summary>
public sealed class ExplainabilityService(
    IDbContextFactory<MeiroDbContext> dbFactory, TaxonomyStore taxonomy, PeriodSpendReader spendReader, PeriodDataQualityReader dqReader,
    ChannelSpendMappingStore mappings)
{
    public const int DefaultPeriodDays = 28;
    private const int JourneyPageSize = 5_000;
    /// <summary>Campaign of a touch without one.</summary>
    public const string NoCampaign = "(not set)";

    private sealed record PeriodData(SegmentCreditAccumulator Credit, List<(string? Source, string? Medium, string? Campaign)> Tags, int Conversions, double Value);

    public async Task<ExplainabilitySummary> ExplainAsync(ExplainabilityRequest request, CancellationToken ct)
    {
        bool byCampaign = request.Scope == ExplainabilityRequest.CampaignScope;
        DateTimeOffset compareEnd = EndOf(request.CompareTo), currentEnd = EndOf(request.To);
        var versions = await taxonomy.VersionsAsync(ct);
        int? InForce(DateTimeOffset t) => versions.Count == 0 ? null
            : versions.Where(v => v.CreatedAt < t).MaxBy(v => v.Version)?.Version ?? versions.Min(v => v.Version);
        // Campaigns and the taxonomy's impact need single touches; channel credit alone is a function of the distinct paths.
        bool fromAggregates = !byCampaign && InForce(compareEnd) == InForce(currentEnd);
        var current = fromAggregates ? await ReadPeriodFromAggregatesAsync(request.From, request.To, ct) : await ReadPeriodAsync(request.From, request.To, byCampaign, ct);
        var compare = fromAggregates ? await ReadPeriodFromAggregatesAsync(request.CompareFrom, request.CompareTo, ct) : await ReadPeriodAsync(request.CompareFrom, request.CompareTo, byCampaign, ct);

        var spend = await spendReader.ReadAsync([(request.From, request.To), (request.CompareFrom, request.CompareTo)], ct);
        var keys = current.Credit.Totals().Concat(compare.Credit.Totals()).Select(s => s.Key).Distinct(StringComparer.Ordinal).ToList();
        var columnOf = spend is null ? null : await ColumnsOfAsync(spend, keys, byCampaign, ct);
        var spendCurrent = columnOf is null ? null : spend!.Between(request.From, request.To, columnOf);
        var spendCompare = columnOf is null ? null : spend!.Between(request.CompareFrom, request.CompareTo, columnOf);
        var segmentsCurrent = current.Credit.Totals(spendCurrent);
        var segmentsCompare = compare.Credit.Totals(spendCompare);

        var conversions = ChangeDecomposer.Conversions(segmentsCompare, segmentsCurrent);
        var value = ChangeDecomposer.Value(segmentsCompare, segmentsCurrent);
        var roas = ChangeDecomposer.Roas(segmentsCompare, segmentsCurrent);
        string? roasUnavailable = roas is not null ? null
            : spend is null ? "No MMM dataset has spend in these periods, so ROAS cannot be computed."
            : $"Spend in '{spend.Dataset}' does not match any {request.Scope} with journeys in both periods, so ROAS cannot be computed.";

        var snapshots = await dqReader.LoadAsync(ct);
        var dqCompare = DataQualityConfidence.From(PeriodDataQualityReader.InputsFor(snapshots, compareEnd));
        var dqCurrent = DataQualityConfidence.From(PeriodDataQualityReader.InputsFor(snapshots, currentEnd));
        var config = await ConfigChangeAsync(compareEnd, currentEnd, ct);
        var taxonomyChange = await TaxonomyChangeAsync(compareEnd, currentEnd, [.. compare.Tags, .. current.Tags],
            compare.Credit.TouchpointCount + current.Credit.TouchpointCount, ct);
        var comparability = ComparabilityAssessor.Assess(compare.Credit.JourneyCount, current.Credit.JourneyCount, dqCompare.Score, dqCurrent.Score, config, taxonomyChange);

        return new ExplainabilitySummary(request.Scope,
            Totals(request.From, request.To, current, spendCurrent), Totals(request.CompareFrom, request.CompareTo, compare, spendCompare),
            new ExplainedMetrics(conversions, value, roas, roasUnavailable), comparability, config, taxonomyChange,
            new PeriodDataQuality(dqCompare, dqCurrent), spend?.Dataset,
            ChangeNarrative.Build(request.Scope, conversions, value, roas, comparability, dqCompare, dqCurrent));
    }

    /// <summary>
    /// Each segment's spend column: channels through the dataset's channel ↔ spend-column mapping (saved, else the name
    /// suggestion), campaigns only by the same name (a campaign sharing one word with a channel's column is not its spend).
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string?>> ColumnsOfAsync(PeriodSpendReader.SpendSeries spend, IReadOnlyList<string> keys, bool byCampaign, CancellationToken ct)
    {
        var columns = spend.Columns.Keys.ToList();
        if (byCampaign) return keys.ToDictionary(k => k, k => ChannelSpendMatcher.ExactColumn(k, columns), StringComparer.Ordinal);
        return await mappings.ResolveAsync(spend.DatasetId, keys, columns, ct);
    }

    /// <summary>The newest <see cref="DefaultPeriodDays"/> days with journeys and the same number of days before them.</summary>
    public async Task<DefaultPeriods?> DefaultPeriodsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.ConversionPaths.AnyAsync(ct)) return null;
        var last = await db.ConversionPaths.MaxAsync(p => p.JourneyDate, ct);
        var from = last.AddDays(-(DefaultPeriodDays - 1));
        return new DefaultPeriods(from, last, from.AddDays(-DefaultPeriodDays), from.AddDays(-1));
    }

    /// <summary>Linear credit per channel from the path aggregates: one row per distinct path in the range, summed in the database.</summary>
    private async Task<PeriodData> ReadPeriodFromAggregatesAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var paths = await db.PathAggregates.AsNoTracking().Where(a => a.Date >= from && a.Date <= to)
            .GroupBy(a => a.ChannelPath)
            .Select(g => new { Path = g.Key, Conversions = g.Sum(a => a.Conversions), NonConversions = g.Sum(a => a.NonConversions), Value = g.Sum(a => a.Value) })
            .ToListAsync(ct);
        var credit = new SegmentCreditAccumulator();
        foreach (var p in paths) credit.AddPath(AggregatedPath.ParseChannels(p.Path), p.Conversions, p.NonConversions, p.Value);
        return new PeriodData(credit, [], checked((int)paths.Sum(p => p.Conversions)), paths.Sum(p => p.Value));
    }

    private async Task<PeriodData> ReadPeriodAsync(DateOnly from, DateOnly to, bool byCampaign, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var credit = new SegmentCreditAccumulator();
        var tags = new List<(string?, string?, string?)>();
        int conversions = 0;
        double value = 0;
        long after = 0;
        while (true)
        {
            // Keyset pages on the primary key keep memory flat on a large table; JourneyDate is indexed for the range.
            var batch = await db.ConversionPaths.AsNoTracking()
                .Where(p => p.JourneyDate >= from && p.JourneyDate <= to && p.Id > after).OrderBy(p => p.Id).Take(JourneyPageSize)
                .Select(p => new { p.Id, p.Converted, p.ConversionValue, p.PathJson }).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var row in batch)
            {
                var touches = ConversionPathMapper.ReadTouchpoints(row.PathJson);
                credit.Add([.. touches.Select(t => byCampaign ? CampaignOf(t) : t.Channel)], row.Converted, row.ConversionValue);
                tags.AddRange(touches.Select(t => (t.Source, t.Medium, t.Campaign)));
                if (row.Converted) { conversions++; value += row.ConversionValue; }
            }
            after = batch[^1].Id;
        }
        return new PeriodData(credit, tags, conversions, value);
    }

    private static string CampaignOf(Touchpoint t) => string.IsNullOrWhiteSpace(t.Campaign) ? NoCampaign : t.Campaign;

    private static PeriodTotals Totals(DateOnly from, DateOnly to, PeriodData data, IReadOnlyDictionary<string, double>? spend) =>
        new(from, to, data.Credit.JourneyCount, data.Conversions, data.Value, spend is null || spend.Count == 0 ? null : spend.Values.Sum());

    private static DateTimeOffset EndOf(DateOnly to) => new(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>
    /// The config active at the end of each period, per conversion key; the first key whose config differs gives the
    /// diff. Only configs active at both ends count: before the first activation there is nothing to compare.
    /// </summary>
    private async Task<ConfigChange?> ConfigChangeAsync(DateTimeOffset compareEnd, DateTimeOffset currentEnd, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var configs = await db.ModelConfigs.AsNoTracking().Where(c => c.ActivatedAt != null).ToListAsync(ct);
        StoredModelConfigView? ActiveAt(string key, DateTimeOffset t) => configs
            .Where(c => c.ConversionKey == key && c.ActivatedAt <= t && (c.ArchivedAt is null || c.ArchivedAt > t || c.ArchivedAt < c.ActivatedAt))
            .OrderByDescending(c => c.ActivatedAt).Select(c => new StoredModelConfigView(c.Id, c.Name, c.ConfigJson)).FirstOrDefault();
        ConfigChange? same = null;
        foreach (string key in configs.Select(c => c.ConversionKey).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var before = ActiveAt(key, compareEnd);
            var now = ActiveAt(key, currentEnd);
            if (before is null || now is null) continue;
            var changes = before.Id == now.Id ? [] : JsonDiff.Compare(JsonNode.Parse(before.Json), JsonNode.Parse(now.Json));
            var change = new ConfigChange(before.Id, before.Name, now.Id, now.Name, changes);
            if (changes.Count > 0) return change;
            same ??= change;
        }
        return same;
    }

    private sealed record StoredModelConfigView(int Id, string Name, string Json);

    /// <summary>
    /// The taxonomy version in force at the end of each period (the newest saved by then, else the first), and how many
    /// of the periods' touchpoints the later one maps to another channel — the impact preview's calculator.
    /// </summary>
    /// <param name="tags">Every touch's tags; read only when the versions differ (empty when the credit came from the aggregates).</param>
    /// <param name="touchpoints">How many touches the periods have.</param>
    private async Task<TaxonomyChange?> TaxonomyChangeAsync(DateTimeOffset compareEnd, DateTimeOffset currentEnd,
        IReadOnlyList<(string? Source, string? Medium, string? Campaign)> tags, int touchpoints, CancellationToken ct)
    {
        var versions = await taxonomy.VersionsAsync(ct);
        if (versions.Count == 0) return null;
        int InForce(DateTimeOffset t) => versions.Where(v => v.CreatedAt < t).MaxBy(v => v.Version)?.Version ?? versions.Min(v => v.Version);
        int before = InForce(compareEnd), now = InForce(currentEnd);
        if (before == now) return new TaxonomyChange(before, now, touchpoints, 0);
        var older = await taxonomy.VersionAsync(before, ct);
        var newer = await taxonomy.VersionAsync(now, ct);
        if (older is null || newer is null) return null;
        var impact = new TaxonomyImpactCalculator(new ChannelMapper(older.Taxonomy), new ChannelMapper(newer.Taxonomy));
        foreach (var (source, medium, campaign) in tags) impact.Add(source, medium, campaign);
        var result = impact.Result();
        return new TaxonomyChange(before, now, result.Touchpoints, result.Changed);
    }
}
