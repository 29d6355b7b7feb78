using MeiroMmm.Domain.Attribution;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>
/// Reads the path-aggregate table. The GROUP BY path hash runs in the database, so only distinct paths with their
/// counts leave it, whatever the number of journeys. A singleton: one context per call.
/// </summary>
public sealed class PathAnalysisService(IDbContextFactory<MeiroDbContext> dbFactory)
{
    public async Task<PathAnalysis> AnalyzeAsync(int limit, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.PathAggregates.AsNoTracking();
        if (from is { } f) rows = rows.Where(a => a.Date >= f);
        if (to is { } t) rows = rows.Where(a => a.Date <= t);
        var paths = await rows
            .GroupBy(a => new { a.PathHash, a.ChannelPath, a.PathLength })
            .Select(g => new
            {
                g.Key.PathHash, g.Key.ChannelPath, g.Key.PathLength,
                Conversions = g.Sum(a => a.Conversions), NonConversions = g.Sum(a => a.NonConversions), Value = g.Sum(a => a.Value),
                Days = g.Sum(a => a.TimeToConvertDaysSum), Timed = g.Sum(a => a.TimeToConvertCount),
            })
            .ToListAsync(ct);

        var statistics = paths.Select(p => new PathStatistics(p.ChannelPath, p.PathHash, p.PathLength, p.Conversions, p.NonConversions, p.Value,
            p.Timed > 0 ? p.Days / p.Timed : null)).ToList();
        var top = statistics.OrderByDescending(p => p.Conversions).ThenByDescending(p => p.Journeys).ThenBy(p => p.Path, StringComparer.Ordinal).Take(limit).ToList();
        var lengths = statistics.GroupBy(p => p.Length).OrderBy(g => g.Key)
            .Select(g => new PathLengthBucket(g.Key, g.Sum(p => p.Journeys), g.Sum(p => p.Conversions))).ToList();
        long timed = paths.Sum(p => p.Timed);

        var aggregated = statistics.Select(p => new AggregatedPath(AggregatedPath.ParseChannels(p.Path), p.Conversions, p.Value, p.NonConversions)).ToList();
        var markov = aggregated.Any(p => p.Conversions > 0) ? MarkovRemovalModel.Attribute(aggregated, 1) : null;
        return new PathAnalysis(statistics.Count, statistics.Sum(p => p.Journeys), statistics.Sum(p => p.Conversions), statistics.Sum(p => p.Value),
            timed > 0 ? paths.Sum(p => p.Days) / timed : null, top, lengths,
            markov?.RemovalEffects ?? new Dictionary<string, double>(),
            markov?.TransitionMatrix ?? new Dictionary<string, IReadOnlyDictionary<string, double>>(),
            AssistedConversions.Count(aggregated));
    }
}
