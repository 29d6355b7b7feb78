using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>Reads alert events. One context per call: a singleton.</summary>
public sealed class AlertStore(IDbContextFactory<MeiroDbContext> dbFactory)
{
    public async Task<IReadOnlyList<AlertEvent>> ListAsync(bool openOnly, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.AlertEvents.AsNoTracking();
        if (openOnly) query = query.Where(a => a.Status != AlertStatus.Resolved);
        return await query.OrderByDescending(a => a.Id).Take(500).ToListAsync(ct);
    }
}
