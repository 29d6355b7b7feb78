using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>Adds newly stored conversion paths to the path-aggregate table, in the caller's context and transaction.</summary>
public static class PathAggregateUpdater
{
    /// <summary>
    /// Groups <paramref name="rows"/> by (day, path hash), then adds to the existing aggregate rows or creates them.
    /// Tracked changes only: the caller saves and commits, so paths and aggregates are written together or not at all.
    /// With <paramref name="trackNew"/> false the new aggregate rows are returned untracked, for a bulk insert.
    /// </summary>
    public static async Task<List<PathAggregate>> AddAsync(MeiroDbContext db, IReadOnlyCollection<ConversionPath> rows, CancellationToken ct, bool trackNew = true)
    {
        var created = new List<PathAggregate>();
        if (rows.Count == 0) return created;
        var deltas = Group(rows);
        var hashes = deltas.Keys.Select(k => k.Hash).Distinct().ToList();
        var minDate = deltas.Keys.Min(k => k.Date);
        var maxDate = deltas.Keys.Max(k => k.Date);
        var existing = await db.PathAggregates
            .Where(a => EF.Constant(hashes).Contains(a.PathHash) && a.Date >= minDate && a.Date <= maxDate)   // constants: the index answers it
            .ToDictionaryAsync(a => (a.Date, Hash: a.PathHash), ct);
        foreach (var (key, delta) in deltas)
        {
            if (existing.TryGetValue(key, out var row))
            {
                row.Conversions += delta.Conversions;
                row.NonConversions += delta.NonConversions;
                row.Value += delta.Value;
                row.TimeToConvertDaysSum += delta.TimeToConvertDaysSum;
                row.TimeToConvertCount += delta.TimeToConvertCount;
            }
            else if (trackNew) db.PathAggregates.Add(delta);
            else created.Add(delta);
        }
        return created;
    }

    /// <summary>The aggregate rows of <paramref name="rows"/> alone (a fresh table, e.g. the demo seed).</summary>
    public static IEnumerable<PathAggregate> Aggregate(IEnumerable<ConversionPath> rows) => Group(rows).Values;

    private static Dictionary<(DateOnly Date, string Hash), PathAggregate> Group(IEnumerable<ConversionPath> rows)
    {
        var groups = new Dictionary<(DateOnly, string), PathAggregate>();
        AddTo(groups, rows);
        return groups;
    }

    /// <summary>Adds <paramref name="rows"/> to the aggregates keyed by (day, path hash), creating the missing ones.</summary>
    public static void AddTo(Dictionary<(DateOnly Date, string Hash), PathAggregate> groups, IEnumerable<ConversionPath> rows)
    {
        foreach (var p in rows)
        {
            if (!groups.TryGetValue((p.JourneyDate, p.PathHash), out var a))
            {
                a = new PathAggregate { Date = p.JourneyDate, PathHash = p.PathHash, ChannelPath = p.ChannelPath, PathLength = p.PathLength };
                groups[(p.JourneyDate, p.PathHash)] = a;
            }
            if (!p.Converted) { a.NonConversions++; continue; }
            a.Conversions++;
            a.Value += p.ConversionValue;
            if (p.ConversionTs is { } converted && p.FirstTouchTs is { } first && converted >= first)
            {
                a.TimeToConvertDaysSum += (converted - first).TotalDays;
                a.TimeToConvertCount++;
            }
        }
    }
}
