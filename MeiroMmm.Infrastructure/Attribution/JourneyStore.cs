using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>A channel's presence in the stored journeys: journeys that touch it at least once, and of those converting.</summary>
public sealed record ChannelPresence(string Channel, long Journeys, long Conversions);

/// <summary>GET /api/attribution/journeys: the stored journeys, their date range (journey days) and the channels on them.</summary>
public sealed record JourneyOverview(JourneySummary Summary, DateOnly? FirstDate, DateOnly? LastDate, IReadOnlyList<ChannelPresence> Channels);

public sealed record ConversionKeyCount(string Key, long Conversions);

public sealed record JourneySummary(
    int Journeys, int Converting, int NonConverting, double ConversionValue, double AveragePathLength,
    DateTimeOffset? FirstTouch, DateTimeOffset? LastTouch, int DistinctPaths);

/// <summary>Reads the stored conversion paths. One context per call: a singleton.</summary>
public sealed class JourneyStore(IDbContextFactory<MeiroDbContext> dbFactory)
{
    public async Task<JourneySummary> SummarizeAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var paths = db.ConversionPaths.AsNoTracking();
        int total = await paths.CountAsync(ct);
        if (total == 0) return new JourneySummary(0, 0, 0, 0, 0, null, null, 0);
        int converting = await paths.CountAsync(p => p.Converted, ct);
        // Summed in the database; SQLite's SUM of REAL is a double, like Postgres' and SQL Server's float.
        double value = await paths.SumAsync(p => p.ConversionValue, ct);
        double averageLength = await paths.AverageAsync(p => (double)p.PathLength, ct);
        var first = await paths.MinAsync(p => p.FirstTouchTs, ct);
        var last = await paths.MaxAsync(p => p.LastTouchTs, ct);
        // From the aggregates (one row per day and path, kept in the same transactions as the paths) and their index.
        int distinct = await db.PathAggregates.Select(a => a.PathHash).Distinct().CountAsync(ct);
        return new JourneySummary(total, converting, total - converting, value, averageLength, first, last, distinct);
    }

    /// <summary>The summary plus date range and channels, read from the path aggregates (distinct paths, not journeys).</summary>
    public async Task<JourneyOverview> OverviewAsync(CancellationToken ct)
    {
        var summary = await SummarizeAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var aggregates = db.PathAggregates.AsNoTracking();
        if (!await aggregates.AnyAsync(ct)) return new JourneyOverview(summary, null, null, []);
        var first = await aggregates.MinAsync(a => a.Date, ct);
        var last = await aggregates.MaxAsync(a => a.Date, ct);
        var paths = await aggregates.GroupBy(a => a.ChannelPath)
            .Select(g => new { Path = g.Key, Conversions = g.Sum(a => a.Conversions), Journeys = g.Sum(a => a.Conversions + a.NonConversions) })
            .ToListAsync(ct);
        var channels = new Dictionary<string, (long Journeys, long Conversions)>(StringComparer.Ordinal);
        foreach (var p in paths)
            foreach (string channel in Domain.Attribution.AggregatedPath.ParseChannels(p.Path).Distinct(StringComparer.Ordinal))
            {
                var c = channels.GetValueOrDefault(channel);
                channels[channel] = (c.Journeys + p.Journeys, c.Conversions + p.Conversions);
            }
        return new JourneyOverview(summary, first, last,
            [.. channels.Select(c => new ChannelPresence(c.Key, c.Value.Journeys, c.Value.Conversions)).OrderByDescending(c => c.Journeys).ThenBy(c => c.Channel, StringComparer.Ordinal)]);
    }

    /// <summary>The conversion keys on converting journeys, most conversions first (journeys without a key are not listed).</summary>
    public async Task<IReadOnlyList<ConversionKeyCount>> ConversionKeysAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = await db.ConversionPaths.AsNoTracking().Where(p => p.Converted && p.ConversionKey != null)
            .GroupBy(p => p.ConversionKey!).Select(g => new { Key = g.Key, Conversions = g.LongCount() }).ToListAsync(ct);
        return [.. keys.OrderByDescending(k => k.Conversions).ThenBy(k => k.Key, StringComparer.Ordinal).Select(k => new ConversionKeyCount(k.Key, k.Conversions))];
    }
}
