using System.Globalization;
using System.Text.Json;
using MeiroMmm.Infrastructure.Attribution.Ingestion;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MeiroMmm.Infrastructure.DataSources;

public enum CdpSyncMode { Full, Incremental }

/// <summary>Progress of a running sync, reported after every committed page.</summary>
public sealed record CdpSyncProgress(long RunId, int Pages, int Records, int Accepted, int Rejected, int Duplicates);

/// <summary>
/// Pulls a connection's pages and stores them through <see cref="JourneyIngestion"/>. After each page: its journeys
/// are committed first, then the watermark (cursor of the next page, latest record time) and the run counters; a crash
/// between the two re-fetches that page, whose journeys the dedup recognises. A pass that reaches the last page turns
/// its latest record time into the next incremental's <c>updated_since</c>. Full starts a new pass from the beginning;
/// incremental resumes an unfinished pass or starts one from the watermark. One sync per connection at a time.
/// </summary>
public sealed class CdpSyncService(
    IDbContextFactory<MeiroDbContext> dbFactory, CdpClient client, CdpSecrets secrets, JourneyIngestion ingestion,
    TimeProvider clock, ILogger<CdpSyncService> logger)
{
    public const int MaxRejectSampleLines = 20;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public static string Watermark(CdpConnection c) =>
        $"since={Iso(c.SyncSince)} cursor={c.Cursor ?? "-"} max_seen={Iso(c.MaxSeen)}";

    private static string Iso(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>Runs one sync and returns its import-log row; a failure is recorded on the row (and not thrown).</summary>
    public async Task<CdpSyncRun> SyncAsync(int connectionId, CdpSyncMode mode, IProgress<CdpSyncProgress>? progress, CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try { return await SyncLockedAsync(connectionId, mode, progress, ct); }
        finally { _oneAtATime.Release(); }
    }

    private async Task<CdpSyncRun> SyncLockedAsync(int connectionId, CdpSyncMode mode, IProgress<CdpSyncProgress>? progress, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Set<CdpConnection>().FirstOrDefaultAsync(c => c.Id == connectionId, ct)
            ?? throw new KeyNotFoundException($"CDP connection {connectionId} does not exist.");
        if (mode == CdpSyncMode.Full) { connection.SyncSince = null; connection.Cursor = null; connection.MaxSeen = null; }
        var run = new CdpSyncRun
        {
            ConnectionId = connectionId, Mode = mode.ToString().ToLowerInvariant(), Status = CdpSyncStatus.Running,
            StartedAt = clock.GetUtcNow(), WatermarkBefore = Watermark(connection),
        };
        db.Add(run);
        await db.SaveChangesAsync(ct);
        var rejects = new List<string>();
        Exception? unexpected = null;
        try
        {
            string apiKey = secrets.Unprotect(connection.ApiKeyProtected);
            var mapper = CdpRecordMapper.For(connection);
            var builder = await ingestion.NewBuilderAsync(ct);
            string origin = $"cdp:{connection.Name}";
            while (true)
            {
                var page = await client.GetPageAsync(connection.BaseUrl, connection.Endpoint, apiKey, connection.Cursor, connection.PageSize, connection.SyncSince, ct);
                var records = new List<JourneyRecord>(page.Records.Count);
                DateTimeOffset? pageMax = null;
                foreach (var element in page.Records)
                {
                    var record = mapper.Map(element, run.Records + records.Count + 1, builder);
                    records.Add(record);
                    if (record.Reject is { } reject && rejects.Count < MaxRejectSampleLines) rejects.Add(reject.ToString());
                    if (mapper.RecordTime(element) is { } at && (pageMax is null || at > pageMax)) pageMax = at;
                }
                var (inserted, duplicates) = await ingestion.StoreAsync(records, origin, ct);

                // The journeys are committed: now the watermark may move past this page.
                run.Pages++;
                run.Records += records.Count;
                run.Accepted += inserted;
                run.Duplicates += duplicates;
                run.Rejected += records.Count(r => r.Reject is not null);
                run.RejectSample = rejects.Count > 0 ? string.Join('\n', rejects) : null;
                if (pageMax is not null && (connection.MaxSeen is null || pageMax > connection.MaxSeen)) connection.MaxSeen = pageMax;
                connection.Cursor = page.NextCursor;
                if (page.NextCursor is null)
                {
                    connection.SyncSince = connection.MaxSeen ?? connection.SyncSince;
                    connection.MaxSeen = null;
                }
                run.WatermarkAfter = Watermark(connection);
                await db.SaveChangesAsync(ct);
                progress?.Report(new CdpSyncProgress(run.Id, run.Pages, run.Records, run.Accepted, run.Rejected, run.Duplicates));
                if (page.NextCursor is null) break;
            }
            run.Status = CdpSyncStatus.Succeeded;
        }
        catch (Exception ex)
        {
            if (ex is not (CdpRequestException or HttpRequestException or System.Security.Cryptography.CryptographicException or OperationCanceledException)) unexpected = ex;
            bool cancelled = ex is OperationCanceledException && ct.IsCancellationRequested;
            logger.LogWarning(ex, "CDP sync of connection {Id} stopped", connectionId);
            run.Status = CdpSyncStatus.Failed;
            run.Error = cancelled ? "Cancelled; the next sync resumes from the watermark."
                : ex is System.Security.Cryptography.CryptographicException ? "The stored API key cannot be decrypted (Data Protection keys changed): enter it again."
                : ex.Message;
        }
        // The unit of work may hold a half-applied page (cancelled between its commit and SaveChanges): drop its
        // watermark change and record only the run, so the stored watermark is the last committed one.
        run.FinishedAt = clock.GetUtcNow();
        await using var final = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await final.Set<CdpSyncRun>().Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, run.Status).SetProperty(r => r.FinishedAt, run.FinishedAt).SetProperty(r => r.Error, run.Error)
            .SetProperty(r => r.Pages, run.Pages).SetProperty(r => r.Records, run.Records).SetProperty(r => r.Accepted, run.Accepted)
            .SetProperty(r => r.Rejected, run.Rejected).SetProperty(r => r.Duplicates, run.Duplicates)
            .SetProperty(r => r.RejectSample, run.RejectSample).SetProperty(r => r.WatermarkAfter, run.WatermarkAfter), CancellationToken.None);
        ct.ThrowIfCancellationRequested();
        if (unexpected is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(unexpected);
        return run;
    }

    /// <summary>What the test button reports: the first page reachable with the key, and its first record mapped.</summary>
    public async Task<CdpTestResult> TestAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Set<CdpConnection>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == connectionId, ct)
            ?? throw new KeyNotFoundException($"CDP connection {connectionId} does not exist.");
        try
        {
            var page = await client.GetPageAsync(connection.BaseUrl, connection.Endpoint, secrets.Unprotect(connection.ApiKeyProtected), null, 1, null, ct);
            if (page.Records.Count == 0) return new(true, true, "Reachable and the key is accepted; the endpoint returned no records yet.", null, null, null);
            var builder = await ingestion.NewBuilderAsync(ct);
            var record = CdpRecordMapper.For(connection).Map(page.Records[0], 1, builder);
            string raw = JsonSerializer.Serialize(page.Records[0]);
            return record.Journey is { } j
                ? new(true, true, "Reachable, the key is accepted and the sample record maps to a journey.", raw,
                    new CdpSampleJourney(j.CustomerId, j.Converted, j.ConversionValue, j.KpiType, record.DedupKey!, j.Touchpoints.Select(t => t.Channel).ToList()), null)
                : new(true, true, "Reachable and the key is accepted, but the sample record does not map: fix the field mapping.", raw, null, record.Reject!.ToString());
        }
        catch (CdpRequestException ex) when (ex.Status is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        { return new(true, false, ex.Message, null, null, null); }
        catch (Exception ex) when (ex is CdpRequestException or HttpRequestException or TaskCanceledException)
        { return new(false, false, ex.Message, null, null, null); }
    }
}

public sealed record CdpSampleJourney(string ProfileId, bool Converted, double ConversionValue, string? ConversionKey, string DedupKey, IReadOnlyList<string> Channels);

public sealed record CdpTestResult(bool Reachable, bool Authorized, string Message, string? SampleRecord, CdpSampleJourney? SampleJourney, string? SampleReject);
