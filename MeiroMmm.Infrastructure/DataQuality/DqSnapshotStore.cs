using System.Text.Json;
using MeiroMmm.Domain.DataQuality;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>Writes and reads DQ snapshots. One context per call: a singleton.</summary>
public sealed class DqSnapshotStore(IDbContextFactory<MeiroDbContext> dbFactory)
{
    public const int MaxQueryRows = 5000;

    /// <summary>Meta JSON with the volume a value rests on.</summary>
    public static string VolumeMeta(double volume, object? extra = null) =>
        JsonSerializer.Serialize(new { volume, detail = extra }, StoredJson.Options);

    /// <summary>
    /// Stores the snapshots, replacing any with the same metric, source and bucket, all in one transaction: a run that
    /// fails half-way leaves the previous values.
    /// </summary>
    public async Task UpsertAsync(IReadOnlyList<DqSnapshot> snapshots, CancellationToken ct)
    {
        if (snapshots.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = snapshots.Select(s => s.MetricKey).Distinct().ToList();
        var from = snapshots.Min(s => s.TsBucket);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var existing = (await db.DqSnapshots.Where(s => keys.Contains(s.MetricKey) && s.TsBucket >= from).ToListAsync(ct))
                .ToDictionary(s => (s.MetricKey, s.Source, s.TsBucket));
            foreach (var s in snapshots)
            {
                if (existing.TryGetValue((s.MetricKey, s.Source, s.TsBucket), out var row))
                {
                    row.MetricValue = s.MetricValue;
                    row.MetaJson = s.MetaJson;
                    row.ComputedAt = s.ComputedAt;
                }
                else
                {
                    var added = new DqSnapshot { Source = s.Source, MetricKey = s.MetricKey, MetricValue = s.MetricValue, TsBucket = s.TsBucket, MetaJson = s.MetaJson, ComputedAt = s.ComputedAt };
                    db.DqSnapshots.Add(added);
                    existing[(s.MetricKey, s.Source, s.TsBucket)] = added;
                }
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
    }

    /// <summary>Snapshots matching the filters, oldest bucket first, at most <see cref="MaxQueryRows"/>.</summary>
    public async Task<IReadOnlyList<DqSnapshot>> QueryAsync(string? metricKey, string? source, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.DqSnapshots.AsNoTracking();
        if (metricKey is not null) query = query.Where(s => s.MetricKey == metricKey);
        if (source is not null) query = query.Where(s => s.Source == source);
        if (from is { } f) query = query.Where(s => s.TsBucket >= f);
        if (to is { } t) query = query.Where(s => s.TsBucket <= t);
        // The newest rows win the cap, then they are returned in time order.
        var rows = await query.OrderByDescending(s => s.TsBucket).ThenBy(s => s.Id).Take(MaxQueryRows).ToListAsync(ct);
        rows.Reverse();
        return rows;
    }

    /// <summary>Every series of a metric (one per source, or only <paramref name="source"/>), oldest bucket first.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>>> SeriesAsync(string metricKey, string? source, CancellationToken ct)
    {
        var rows = await QueryAsync(metricKey, source, null, null, ct);
        return rows.GroupBy(r => r.Source).ToDictionary(g => g.Key, g => (IReadOnlyList<MetricPoint>)[.. g.Select(ToPoint)]);
    }

    /// <summary>
    /// The newest snapshot of every metric and source. The keys are picked from a narrow projection in memory: a year of
    /// nightly runs is a few thousand rows, and it avoids MAX over SQLite's tick-converted timestamps.
    /// </summary>
    public async Task<IReadOnlyList<DqSnapshot>> LatestAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var index = await db.DqSnapshots.AsNoTracking().Select(s => new { s.Id, s.MetricKey, s.Source, s.TsBucket }).ToListAsync(ct);
        var ids = index.GroupBy(s => (s.MetricKey, s.Source)).Select(g => g.MaxBy(s => s.TsBucket)!.Id).ToList();
        var rows = await db.DqSnapshots.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(ct);
        return [.. rows.OrderBy(s => s.MetricKey, StringComparer.Ordinal).ThenBy(s => s.Source, StringComparer.Ordinal)];
    }

    public static MetricPoint ToPoint(DqSnapshot s) => new(s.TsBucket, s.MetricValue, s.ComputedAt, Volume(s.MetaJson));

    private static double? Volume(string? metaJson)
    {
        if (string.IsNullOrEmpty(metaJson)) return null;
        using var doc = JsonDocument.Parse(metaJson);
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("volume", out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble() : null;
    }
}
