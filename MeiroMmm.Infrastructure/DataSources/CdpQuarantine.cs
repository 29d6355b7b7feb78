using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MeiroMmm.Infrastructure.Attribution.Ingestion;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.DataSources;

/// <summary>The outcome of re-processing a connection's quarantine with its current mapping.</summary>
public sealed record CdpReprocessResult(int Tried, int Stored, int Duplicates, int StillRejected);

/// <summary>
/// Rejected CDP records, kept whole with the reason (one row per distinct record and connection). After a mapping
/// fix, <see cref="ReprocessAsync"/> maps the open ones again: those that now make a journey are stored (same dedup)
/// and marked re-processed; the others keep their new reason. A singleton.
/// </summary>
public sealed class CdpQuarantine(IDbContextFactory<MeiroDbContext> dbFactory, JourneyIngestion ingestion, TimeProvider clock)
{
    public static string Hash(string recordJson) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recordJson)));

    /// <summary>Quarantines the rejects among <paramref name="mapped"/> (same order as <paramref name="elements"/>); a record seen before only gets the new run and reason.</summary>
    public async Task AddAsync(int connectionId, long? runId, IReadOnlyList<JsonElement> elements, IReadOnlyList<JourneyRecord> mapped, CancellationToken ct)
    {
        var rejected = new Dictionary<string, (string Json, JourneyReject Reject)>(StringComparer.Ordinal);
        for (int i = 0; i < mapped.Count; i++)
            if (mapped[i].Reject is { } reject)
            {
                string json = elements[i].GetRawText();
                rejected.TryAdd(Hash(json), (json, reject));
            }
        if (rejected.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hashes = rejected.Keys.ToList();
        var existing = await db.Set<CdpRejectedRecord>().Where(r => r.ConnectionId == connectionId && hashes.Contains(r.RecordHash)).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var row in existing)
        {
            var (_, reject) = rejected[row.RecordHash];
            row.RunId = runId;
            row.Field = Clip(reject.Field, 300);
            row.Reason = Clip(reject.Message, 2000);
            row.RejectedAt = now;
            row.Status = CdpRejectStatus.Open;
            rejected.Remove(row.RecordHash);
        }
        foreach (var (hash, (json, reject)) in rejected)
            db.Add(new CdpRejectedRecord
            {
                ConnectionId = connectionId, RunId = runId, RecordJson = json, RecordHash = hash, Field = Clip(reject.Field, 300),
                Reason = Clip(reject.Message, 2000), RejectedAt = now, Status = CdpRejectStatus.Open,
            });
        await db.SaveChangesAsync(ct);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    public async Task<(IReadOnlyList<CdpRejectedRecord> Rows, int Open, int Total)> ListAsync(int connectionId, bool openOnly, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var all = db.Set<CdpRejectedRecord>().AsNoTracking().Where(r => r.ConnectionId == connectionId);
        int total = await all.CountAsync(ct);
        int open = await all.CountAsync(r => r.Status == CdpRejectStatus.Open, ct);
        var rows = await (openOnly ? all.Where(r => r.Status == CdpRejectStatus.Open) : all).OrderByDescending(r => r.Id).Take(limit).ToListAsync(ct);
        return (rows, open, total);
    }

    /// <summary>Maps every open reject of the connection again with its current mapping; null when the connection does not exist.</summary>
    public async Task<CdpReprocessResult?> ReprocessAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Set<CdpConnection>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == connectionId, ct);
        if (connection is null) return null;
        var mapper = CdpRecordMapper.For(connection);
        var builder = await ingestion.NewBuilderAsync(ct);
        int tried = 0, stored = 0, duplicates = 0, still = 0;
        const int batchSize = 1000;
        long afterId = 0;
        while (true)
        {
            var rows = await db.Set<CdpRejectedRecord>()
                .Where(r => r.ConnectionId == connectionId && r.Status == CdpRejectStatus.Open && r.Id > afterId)
                .OrderBy(r => r.Id).Take(batchSize).ToListAsync(ct);
            if (rows.Count == 0) break;
            afterId = rows[^1].Id;
            var mapped = rows.Select((r, i) =>
            {
                using var doc = JsonDocument.Parse(r.RecordJson);
                return mapper.Map(doc.RootElement.Clone(), i + 1, builder);
            }).ToList();
            // Journeys first, then the quarantine rows: a crash in between re-tries records whose journeys are stored (duplicates).
            var (inserted, dups) = await ingestion.StoreAsync(mapped, CdpConnection.JourneyOrigin(connection.Id), ct);
            var now = clock.GetUtcNow();
            for (int i = 0; i < rows.Count; i++)
            {
                if (mapped[i].Reject is { } reject) { rows[i].Field = Clip(reject.Field, 300); rows[i].Reason = Clip(reject.Message, 2000); still++; }
                else { rows[i].Status = CdpRejectStatus.Reprocessed; rows[i].ReprocessedAt = now; }
            }
            await db.SaveChangesAsync(ct);
            tried += rows.Count;
            stored += inserted;
            duplicates += dups;
        }
        return new CdpReprocessResult(tried, stored, duplicates, still);
    }
}
