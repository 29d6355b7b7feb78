using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Attribution;

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
        int distinct = await paths.Select(p => p.PathHash).Distinct().CountAsync(ct);
        return new JourneySummary(total, converting, total - converting, value, averageLength, first, last, distinct);
    }
}
