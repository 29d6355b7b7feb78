using System.Globalization;
using System.Text.Json;
using MeiroMmm.Infrastructure.Attribution.Ingestion;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
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
/// incremental resumes an unfinished pass or starts one from the watermark. One sync per process at a time.
/// Syncs requested through the API are queued (<see cref="EnqueueAsync"/>) and run by <see cref="CdpBackgroundWorker"/>;
/// the cdp-sync task runs them inline (<see cref="SyncAsync"/>). Records that fail go to the quarantine.
/// </summary>
public sealed class CdpSyncService(
    IDbContextFactory<MeiroDbContext> dbFactory, CdpClient client, CdpSecrets secrets, JourneyIngestion ingestion,
    CdpQuarantine quarantine, IConfiguration config, TimeProvider clock, ILogger<CdpSyncService> logger)
{
    public const int MaxRejectSampleLines = 20;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    /// <summary>How long a worker owns a running sync without finishing a page (Cdp:SyncLeaseSeconds).</summary>
    public TimeSpan Lease { get; } = TimeSpan.FromSeconds(config.GetValue("Cdp:SyncLeaseSeconds", 600));

    public static string Watermark(CdpConnection c) =>
        $"since={Iso(c.SyncSince)} cursor={c.Cursor ?? "-"} max_seen={Iso(c.MaxSeen)}";

    private static string Iso(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>
    /// Queues a sync for the background worker. When the connection already has a queued or running sync, nothing is
    /// queued and that run is returned with <c>AlreadyActive</c>.
    /// </summary>
    public async Task<(CdpSyncRun Run, bool AlreadyActive)> EnqueueAsync(int connectionId, CdpSyncMode mode, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var active = await db.Set<CdpSyncRun>().AsNoTracking()
            .Where(r => r.ConnectionId == connectionId && r.Mode != "webhook" && (r.Status == CdpSyncStatus.Queued || r.Status == CdpSyncStatus.Running))
            .OrderBy(r => r.Id).FirstOrDefaultAsync(ct);
        if (active is not null) return (active, true);
        var run = NewRun(connectionId, mode, CdpSyncStatus.Queued);
        db.Add(run);
        await db.SaveChangesAsync(ct);
        return (run, false);
    }

    private CdpSyncRun NewRun(int connectionId, CdpSyncMode mode, CdpSyncStatus status) => new()
    {
        ConnectionId = connectionId, Mode = mode.ToString().ToLowerInvariant(), Status = status, StartedAt = clock.GetUtcNow(),
        LeaseUntil = status == CdpSyncStatus.Running ? clock.GetUtcNow() + Lease : null,
    };

    public async Task<CdpSyncRun?> GetRunAsync(long runId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<CdpSyncRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct);
    }

    /// <summary>
    /// A queued run is cancelled at once; a running one is flagged and stops after the page in hand. Returns the run
    /// (null when it does not exist) and whether it was still active.
    /// </summary>
    public async Task<(CdpSyncRun? Run, bool WasActive)> CancelAsync(long runId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        int queued = await db.Set<CdpSyncRun>().Where(r => r.Id == runId && r.Status == CdpSyncStatus.Queued).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, CdpSyncStatus.Cancelled).SetProperty(r => r.FinishedAt, now).SetProperty(r => r.CancelRequested, true)
            .SetProperty(r => r.Error, "Cancelled before it started."), ct);
        int running = queued > 0 ? 0 : await db.Set<CdpSyncRun>().Where(r => r.Id == runId && r.Status == CdpSyncStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true), ct);
        var run = await db.Set<CdpSyncRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct);
        return (run, queued + running > 0);
    }

    /// <summary>
    /// Takes the oldest queued sync, or a running one whose lease ran out (its process died), for this worker: a
    /// conditional update, so two instances never take the same run. Null when there is nothing to do.
    /// </summary>
    public async Task<long?> ClaimNextAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var candidates = await db.Set<CdpSyncRun>().AsNoTracking()
            .Where(r => r.Mode != "webhook" && (r.Status == CdpSyncStatus.Queued || r.Status == CdpSyncStatus.Running))
            .OrderBy(r => r.Id).Select(r => new { r.Id, r.Status, r.LeaseUntil }).Take(20).ToListAsync(ct);
        foreach (var c in candidates.Where(c => c.Status == CdpSyncStatus.Queued || c.LeaseUntil < now))
        {
            var until = now + Lease;
            int taken = await db.Set<CdpSyncRun>()
                .Where(r => r.Id == c.Id && r.Status == c.Status && r.LeaseUntil == c.LeaseUntil)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, CdpSyncStatus.Running).SetProperty(r => r.LeaseUntil, until), ct);
            if (taken == 1) return c.Id;
        }
        return null;
    }

    /// <summary>Runs one sync now (the cdp-sync task) and returns its import-log row; a failure is recorded on the row (and not thrown).</summary>
    public async Task<CdpSyncRun> SyncAsync(int connectionId, CdpSyncMode mode, IProgress<CdpSyncProgress>? progress, CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!await db.Set<CdpConnection>().AnyAsync(c => c.Id == connectionId, ct))
                throw new KeyNotFoundException($"CDP connection {connectionId} does not exist.");
        }
        long runId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var run = NewRun(connectionId, mode, CdpSyncStatus.Running);
            db.Add(run);
            await db.SaveChangesAsync(ct);
            runId = run.Id;
        }
        return await ExecuteAsync(runId, progress, ct);
    }

    /// <summary>Runs a claimed (running) sync to its end: succeeded, failed or cancelled.</summary>
    public async Task<CdpSyncRun> ExecuteAsync(long runId, IProgress<CdpSyncProgress>? progress, CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try { return await ExecuteLockedAsync(runId, progress, ct); }
        finally { _oneAtATime.Release(); }
    }

    // Long because the order of the commits is the whole point: journeys, then the watermark, then the run's final state.
    private async Task<CdpSyncRun> ExecuteLockedAsync(long runId, IProgress<CdpSyncProgress>? progress, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.Set<CdpSyncRun>().FirstAsync(r => r.Id == runId, ct);
        var connection = await db.Set<CdpConnection>().FirstAsync(c => c.Id == run.ConnectionId, ct);
        // A run taken over from a dead worker (pages done already) resumes from the watermark instead of starting over.
        if (run.Mode == "full" && run.Pages == 0) { connection.SyncSince = null; connection.Cursor = null; connection.MaxSeen = null; }
        run.WatermarkBefore ??= Watermark(connection);
        await db.SaveChangesAsync(ct);
        var rejects = new List<string>();
        Exception? unexpected = null;
        bool cancelledOnRequest = false;
        try
        {
            string apiKey = secrets.Unprotect(connection.ApiKeyProtected);
            var mapper = CdpRecordMapper.For(connection);
            var builder = await ingestion.NewBuilderAsync(ct);
            string origin = CdpConnection.JourneyOrigin(connection.Id);
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
                await quarantine.AddAsync(connection.Id, run.Id, page.Records, records, ct);

                // The journeys are committed: now the watermark may move past this page.
                run.Pages++;
                run.Records += records.Count;
                run.Accepted += inserted;
                run.Duplicates += duplicates;
                run.Rejected += records.Count(r => r.Reject is not null);
                run.RejectSample = rejects.Count > 0 ? string.Join('\n', rejects) : null;
                run.LeaseUntil = clock.GetUtcNow() + Lease;
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
                if (await db.Set<CdpSyncRun>().AsNoTracking().Where(r => r.Id == run.Id).Select(r => r.CancelRequested).FirstAsync(ct))
                {
                    cancelledOnRequest = true;
                    break;
                }
            }
            run.Status = cancelledOnRequest ? CdpSyncStatus.Cancelled : CdpSyncStatus.Succeeded;
            if (cancelledOnRequest) run.Error = "Cancelled on request; the next sync resumes from the watermark.";
        }
        catch (Exception ex)
        {
            if (ex is not (CdpRequestException or HttpRequestException or System.Security.Cryptography.CryptographicException or OperationCanceledException)) unexpected = ex;
            bool cancelled = ex is OperationCanceledException && ct.IsCancellationRequested;
            logger.LogWarning(ex, "CDP sync of connection {Id} stopped", connection.Id);
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
            .SetProperty(r => r.Rejected, run.Rejected).SetProperty(r => r.Duplicates, run.Duplicates).SetProperty(r => r.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(r => r.RejectSample, run.RejectSample).SetProperty(r => r.WatermarkAfter, run.WatermarkAfter), CancellationToken.None);
        ct.ThrowIfCancellationRequested();
        if (unexpected is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(unexpected);
        return run;
    }

    /// <summary>What the test button reports for a stored connection: the first page reachable with the key, and its first record mapped.</summary>
    public async Task<CdpTestResult> TestAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Set<CdpConnection>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == connectionId, ct)
            ?? throw new KeyNotFoundException($"CDP connection {connectionId} does not exist.");
        string apiKey;
        try { apiKey = secrets.Unprotect(connection.ApiKeyProtected); }
        catch (System.Security.Cryptography.CryptographicException) { return new(false, false, "The stored API key cannot be decrypted (Data Protection keys changed): enter it again.", null, null, null); }
        return await TestAsync(connection.BaseUrl, connection.Endpoint, apiKey, CdpRecordMapper.For(connection), ct);
    }

    /// <summary>The same test for settings not saved yet (the connection form), with the mapping as entered.</summary>
    public async Task<CdpTestResult> TestAsync(string baseUrl, string endpoint, string apiKey, CdpRecordMapper mapper, CancellationToken ct)
    {
        try
        {
            var page = await client.GetPageAsync(baseUrl, endpoint, apiKey, null, 1, null, ct);
            if (page.Records.Count == 0) return new(true, true, "Reachable and the key is accepted; the endpoint returned no records yet.", null, null, null);
            string raw = JsonSerializer.Serialize(page.Records[0]);
            var (journey, reject) = await PreviewAsync(mapper, page.Records[0], ct);
            return journey is not null
                ? new(true, true, "Reachable, the key is accepted and the sample record maps to a journey.", raw, journey, null)
                : new(true, true, "Reachable and the key is accepted, but the sample record does not map: fix the field mapping.", raw, null, reject);
        }
        catch (CdpRequestException ex) when (ex.Status is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        { return new(true, false, ex.Message, null, null, null); }
        catch (CdpRequestException ex) when (ex.Status is not null)
        { return new(true, false, ex.Message, null, null, null); }
        catch (Exception ex) when (ex is CdpRequestException or HttpRequestException or TaskCanceledException)
        { return new(false, false, ex.Message, null, null, null); }
    }

    /// <summary>One record through a mapping: the journey it becomes, or why it is rejected (the form's preview).</summary>
    public async Task<(CdpSampleJourney? Journey, string? Reject)> PreviewAsync(CdpRecordMapper mapper, JsonElement record, CancellationToken ct)
    {
        var builder = await ingestion.NewBuilderAsync(ct);
        var mapped = mapper.Map(record, 1, builder);
        return mapped.Journey is { } j
            ? (new CdpSampleJourney(j.CustomerId, j.Converted, j.ConversionValue, j.KpiType, mapped.DedupKey!, j.Touchpoints.Select(t => t.Channel).ToList()), null)
            : (null, mapped.Reject!.ToString());
    }
}

public sealed record CdpSampleJourney(string ProfileId, bool Converted, double ConversionValue, string? ConversionKey, string DedupKey, IReadOnlyList<string> Channels);

public sealed record CdpTestResult(bool Reachable, bool Authorized, string Message, string? SampleRecord, CdpSampleJourney? SampleJourney, string? SampleReject);
