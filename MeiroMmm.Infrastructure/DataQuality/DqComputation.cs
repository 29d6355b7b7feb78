using System.Text.Json;
using MeiroMmm.Domain.DataQuality;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Taxonomy;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>
/// Computes the data-quality metrics of <see cref="DqMetricCatalog"/> as snapshots (not stored here). Run-level metrics
/// go in the UTC day of the run; daily volumes and spend go in the bucket of the data they count, so re-running fills
/// the same buckets. Stateless: a singleton. Its length comes from one method per metric family, each short.
/// </summary>
public sealed class DqComputation(IDbContextFactory<MeiroDbContext> dbFactory, TaxonomyReports reports)
{
    /// <summary>Days of daily volume history kept fresh each run: 28 weeks, the anomaly rule's same-weekday baseline.</summary>
    public const int VolumeHistoryDays = AlertRuleEvaluator.BaselineBuckets * 7;
    /// <summary>Days before the newest one that "vs trailing average" divides by.</summary>
    public const int TrailingDays = 28;
    /// <summary>Spend periods before the newest one that spend_vs_avg divides by.</summary>
    public const int TrailingSpendPeriods = 4;
    /// <summary>Spend periods stored per run, enough for an anomaly baseline.</summary>
    public const int SpendHistoryPeriods = 56;

    public static DateTimeOffset DayOf(DateTimeOffset t) => new(t.UtcDateTime.Date, TimeSpan.Zero);

    /// <summary>Everything: taxonomy, journeys, spend and MMM datasets.</summary>
    public async Task<List<DqSnapshot>> ComputeAllAsync(DateTimeOffset now, CancellationToken ct)
    {
        var snapshots = await TaxonomyAsync(now, ct);
        snapshots.AddRange(await JourneysAsync(now, ct));
        snapshots.AddRange(await DatasetsAsync(now, ct));
        return snapshots;
    }

    /// <summary>The six taxonomy metrics, or none when there are no touchpoints (a share of nothing says nothing).</summary>
    public async Task<List<DqSnapshot>> TaxonomyAsync(DateTimeOffset now, CancellationToken ct)
    {
        var unknown = await reports.UnknownShareAsync(int.MaxValue, ct);
        if (unknown.Touchpoints == 0) return [];
        var coverage = await reports.CoverageAsync(ct);
        var confidence = (await reports.ChannelConfidenceAsync(null, ct)).Report!;
        string meta = DqSnapshotStore.VolumeMeta(unknown.Touchpoints);
        DqSnapshot Of(DqMetricDefinition metric, double value) => Snapshot(metric, DqMetricCatalog.TaxonomySource, value, DayOf(now), now, meta);
        return
        [
            Of(DqMetricCatalog.UnknownShare, unknown.Share),
            Of(DqMetricCatalog.MeanConfidence, confidence.MeanConfidence),
            Of(DqMetricCatalog.LowConfidenceShare, confidence.LowConfidenceShare),
            Of(DqMetricCatalog.SourceCoverage, coverage.SourceCoverage),
            Of(DqMetricCatalog.MediumCoverage, coverage.MediumCoverage),
            Of(DqMetricCatalog.UnmappedPairs, unknown.TopUnmappedPairs.Count),
        ];
    }

    /// <summary>Freshness, missing values, duplicates and daily volumes of the stored journeys.</summary>
    public async Task<List<DqSnapshot>> JourneysAsync(DateTimeOffset now, CancellationToken ct)
    {
        const string source = DqMetricCatalog.JourneysSource;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        int total = await db.ConversionPaths.CountAsync(ct);
        if (total == 0) return [];   // no freshness snapshot: a missing_for_hours rule then reports "no data at all"
        var today = DayOf(now);
        var latestConversion = await db.ConversionPaths.Where(p => p.ConversionTs != null).OrderByDescending(p => p.ConversionTs).Select(p => p.ConversionTs).FirstOrDefaultAsync(ct);
        var latestTouch = await db.ConversionPaths.Where(p => p.LastTouchTs != null).OrderByDescending(p => p.LastTouchTs).Select(p => p.LastTouchTs).FirstOrDefaultAsync(ct);
        var latest = new[] { latestConversion, latestTouch }.Max();
        int missing = await db.ConversionPaths.CountAsync(p => p.ProfileId == "" || p.PathLength == 0 || p.FirstTouchTs == null || p.LastTouchTs == null || (p.Converted && p.ConversionTs == null), ct);
        int distinct = await db.ConversionPaths.Select(p => new { p.ProfileId, p.ConversionTs, p.PathHash }).Distinct().CountAsync(ct);
        string meta = DqSnapshotStore.VolumeMeta(total);
        var snapshots = new List<DqSnapshot>
        {
            Snapshot(DqMetricCatalog.MissingValueRate, source, (double)missing / total, today, now, meta),
            Snapshot(DqMetricCatalog.DuplicateRate, source, (double)(total - distinct) / total, today, now, meta),
        };
        if (latest is { } newest)
        {
            snapshots.Add(Snapshot(DqMetricCatalog.Freshness, source, Math.Max(0, (now - newest).TotalHours), today, now,
                JsonSerializer.Serialize(new { latest = newest }, StoredJson.Options)));
            snapshots.AddRange(await DailyVolumesAsync(db, DayOf(newest), now, ct));
        }
        return snapshots;
    }

    /// <summary>
    /// Journeys and conversions per day (a journey's day: its conversion, else its last touch) for the
    /// <see cref="VolumeHistoryDays"/> days up to the newest day with data, plus the newest day against the
    /// <see cref="TrailingDays"/> before it. Only the window's timestamps are read, then grouped by UTC day in memory
    /// (SQLite keeps timestamps as ticks, which SQL cannot group by day portably).
    /// </summary>
    private static async Task<List<DqSnapshot>> DailyVolumesAsync(MeiroDbContext db, DateTimeOffset newestDay, DateTimeOffset now, CancellationToken ct)
    {
        var from = newestDay.AddDays(-(VolumeHistoryDays - 1));
        var rows = await db.ConversionPaths.AsNoTracking()
            .Where(p => p.ConversionTs >= from || (p.ConversionTs == null && p.LastTouchTs >= from))
            .Select(p => new { p.ConversionTs, p.LastTouchTs, p.Converted }).ToListAsync(ct);
        var byDay = rows.Where(r => (r.ConversionTs ?? r.LastTouchTs) is not null)
            .GroupBy(r => DayOf((r.ConversionTs ?? r.LastTouchTs)!.Value))
            .Where(g => g.Key <= newestDay)
            .ToDictionary(g => g.Key, g => (Journeys: g.Count(), Conversions: g.Count(r => r.Converted)));
        if (byDay.Count == 0) return [];
        // Days before the first day with data are not "zero days": the data starts there.
        var firstDay = byDay.Keys.Min();
        var snapshots = new List<DqSnapshot>();
        var days = new List<(DateTimeOffset Day, int Journeys, int Conversions)>();
        for (var day = firstDay; day <= newestDay; day = day.AddDays(1))
        {
            var (journeys, conversions) = byDay.GetValueOrDefault(day);
            days.Add((day, journeys, conversions));
            snapshots.Add(Snapshot(DqMetricCatalog.JourneyVolume, DqMetricCatalog.JourneysSource, journeys, day, now, DqSnapshotStore.VolumeMeta(journeys)));
            snapshots.Add(Snapshot(DqMetricCatalog.ConversionVolume, DqMetricCatalog.JourneysSource, conversions, day, now, DqSnapshotStore.VolumeMeta(conversions)));
        }
        var trailing = days.Take(days.Count - 1).TakeLast(TrailingDays).ToList();
        if (trailing.Count >= 7)
        {
            var newest = days[^1];
            double avgJourneys = trailing.Average(d => d.Journeys), avgConversions = trailing.Average(d => d.Conversions);
            if (avgJourneys > 0)
                snapshots.Add(Snapshot(DqMetricCatalog.JourneyVolumeVsAverage, DqMetricCatalog.JourneysSource, newest.Journeys / avgJourneys, newestDay, now,
                    DqSnapshotStore.VolumeMeta(newest.Journeys, new { trailing_average = avgJourneys, trailing_days = trailing.Count })));
            if (avgConversions > 0)
                snapshots.Add(Snapshot(DqMetricCatalog.ConversionVolumeVsAverage, DqMetricCatalog.JourneysSource, newest.Conversions / avgConversions, newestDay, now,
                    DqSnapshotStore.VolumeMeta(newest.Conversions, new { trailing_average = avgConversions, trailing_days = trailing.Count })));
        }
        return snapshots;
    }

    /// <summary>Spend freshness, spend per period and vs its trailing average (newest dataset), missing cells and gaps (every dataset).</summary>
    public async Task<List<DqSnapshot>> DatasetsAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var datasets = await db.Datasets.AsNoTracking().Include(d => d.Columns).ToListAsync(ct);
        if (datasets.Count == 0) return [];
        var today = DayOf(now);
        var snapshots = new List<DqSnapshot>();
        int cells = 0, missingCells = 0;
        foreach (var dataset in datasets.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var dates = (JsonSerializer.Deserialize<string[]>(dataset.DatesJson) ?? []).Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd")).ToList();
            var columns = dataset.Columns.OrderBy(c => c.Ordinal).Select(c => (c.Name, c.Role, Values: ReadValues(c.ValuesJson))).ToList();
            var badRows = new HashSet<int>();
            foreach (var column in columns)
                for (int i = 0; i < column.Values.Length; i++)
                {
                    cells++;
                    if (column.Values[i] is not { } v || !double.IsFinite(v)) { missingCells++; badRows.Add(i); }
                }
            int step = dataset.Frequency == "daily" ? 1 : 7;
            int calendarGaps = dates.Zip(dates.Skip(1), (a, b) => Math.Max(0, (b.DayNumber - a.DayNumber) / step - 1)).Sum();
            snapshots.Add(Snapshot(DqMetricCatalog.DatasetGaps, dataset.Name, calendarGaps + badRows.Count, today, now,
                DqSnapshotStore.VolumeMeta(dates.Count, new { missing_periods = calendarGaps, periods_with_empty_values = badRows.Count, dataset.Frequency })));
        }
        snapshots.Add(Snapshot(DqMetricCatalog.MissingValueRate, DqMetricCatalog.SpendSource, cells == 0 ? 0 : (double)missingCells / cells, today, now, DqSnapshotStore.VolumeMeta(cells)));

        var newestDataset = datasets.OrderByDescending(d => d.PeriodEnd).ThenByDescending(d => d.CreatedAt).First();
        var newestDate = new DateTimeOffset(newestDataset.PeriodEnd.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        snapshots.Add(Snapshot(DqMetricCatalog.Freshness, DqMetricCatalog.SpendSource, Math.Max(0, (now - newestDate).TotalHours), today, now,
            JsonSerializer.Serialize(new { latest = newestDate, dataset = newestDataset.Name }, StoredJson.Options)));
        snapshots.AddRange(SpendSeries(newestDataset, now));
        return snapshots;
    }

    private static IEnumerable<DqSnapshot> SpendSeries(MmmDataset dataset, DateTimeOffset now)
    {
        var dates = (JsonSerializer.Deserialize<string[]>(dataset.DatesJson) ?? []).Select(d => new DateTimeOffset(DateOnly.ParseExact(d, "yyyy-MM-dd").ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)).ToList();
        foreach (var column in dataset.Columns.Where(c => c.Role == DatasetColumnRole.Spend).OrderBy(c => c.Ordinal))
        {
            var values = ReadValues(column.ValuesJson);
            int n = Math.Min(values.Length, dates.Count);
            for (int i = Math.Max(0, n - SpendHistoryPeriods); i < n; i++)
                if (values[i] is { } v && double.IsFinite(v))
                    yield return Snapshot(DqMetricCatalog.Spend, column.Name, v, dates[i], now, null);
            if (n <= TrailingSpendPeriods || values[n - 1] is not { } latest) continue;
            var trailing = values.Skip(n - 1 - TrailingSpendPeriods).Take(TrailingSpendPeriods).OfType<double>().Where(double.IsFinite).ToList();
            if (trailing.Count == 0 || trailing.Average() <= 0) continue;
            yield return Snapshot(DqMetricCatalog.SpendVsAverage, column.Name, latest / trailing.Average(), dates[n - 1], now,
                JsonSerializer.Serialize(new { trailing_average = trailing.Average(), trailing_periods = trailing.Count, dataset = dataset.Name }, StoredJson.Options));
        }
    }

    /// <summary>A stored column: numbers, with null for anything that is not one.</summary>
    private static double?[] ReadValues(string valuesJson)
    {
        using var doc = JsonDocument.Parse(valuesJson);
        return [.. doc.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : (double?)null)];
    }

    private static DqSnapshot Snapshot(DqMetricDefinition metric, string source, double value, DateTimeOffset bucket, DateTimeOffset now, string? meta) =>
        new() { MetricKey = metric.Key, Source = source, MetricValue = value, TsBucket = bucket, ComputedAt = now, MetaJson = meta };
}
