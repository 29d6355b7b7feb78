using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MeiroMmm.Infrastructure.Attribution.Ingestion;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MeiroMmm.Infrastructure.DataSources;

public enum CdpWebhookOutcome { Queued, Duplicate, BadSignature, BadBody }

/// <summary>
/// Pushed CDP records. <see cref="ReceiveAsync"/> verifies <c>X-Meiro-Signature: sha256=&lt;hex HMAC-SHA256 of the raw
/// body&gt;</c> with the connection's secret (constant-time compare), checks the body's shape and stores it as a pending
/// delivery, so the CDP gets its answer in milliseconds. <see cref="ApplyPendingAsync"/> (the background worker) applies
/// pending deliveries per connection as one batch through <see cref="JourneyIngestion"/> (same mapping, validation,
/// dedup and quarantine as a sync), logged as a "webhook" run. A body sent twice is stored once; a record in two
/// deliveries is stored once (the journey dedup).
/// </summary>
public sealed class CdpWebhookReceiver(
    IDbContextFactory<MeiroDbContext> dbFactory, CdpSecrets secrets, JourneyIngestion ingestion, CdpQuarantine quarantine,
    TimeProvider clock, ILogger<CdpWebhookReceiver> logger)
{
    public const string SignatureHeader = "X-Meiro-Signature";
    public const int MaxDeliveriesPerBatch = 100;

    public static string Sign(byte[] body, string secret) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public async Task<(CdpWebhookOutcome Outcome, CdpWebhookDelivery? Delivery, string Message)> ReceiveAsync(int? connectionId, string? signature, byte[] body, CancellationToken ct)
    {
        CdpConnection? connection = null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (connectionId is { } id) connection = await db.Set<CdpConnection>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        // Unknown connection, no secret, missing or wrong signature: all the same 401, so the answer reveals nothing.
        if (connection?.WebhookSecretProtected is null || signature is null || !SignatureMatches(signature, body, connection.WebhookSecretProtected))
        {
            logger.LogWarning("CDP webhook refused: bad or missing signature for connection {Id} ({Bytes} bytes)", connectionId, body.Length);
            return (CdpWebhookOutcome.BadSignature, null, "The signature is missing or does not match.");
        }
        string? shapeProblem = null;
        try { _ = Records(body); }
        catch (FormatException ex) { shapeProblem = ex.Message; }
        if (shapeProblem is not null) return (CdpWebhookOutcome.BadBody, null, shapeProblem);

        string hash = Convert.ToHexStringLower(SHA256.HashData(body));
        if (await db.Set<CdpWebhookDelivery>().AsNoTracking().FirstOrDefaultAsync(d => d.ConnectionId == connection.Id && d.BodyHash == hash, ct) is { } seen)
            return (CdpWebhookOutcome.Duplicate, seen, "This body was received before; it is not queued again.");
        var delivery = new CdpWebhookDelivery
        {
            ConnectionId = connection.Id, ReceivedAt = clock.GetUtcNow(), BodyHash = hash, Body = Encoding.UTF8.GetString(body), Status = CdpWebhookDeliveryStatus.Pending,
        };
        db.Add(delivery);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // The same body arrived concurrently and won the unique index.
            await using var again = await dbFactory.CreateDbContextAsync(ct);
            var winner = await again.Set<CdpWebhookDelivery>().AsNoTracking().FirstAsync(d => d.ConnectionId == connection.Id && d.BodyHash == hash, ct);
            return (CdpWebhookOutcome.Duplicate, winner, "This body was received before; it is not queued again.");
        }
        return (CdpWebhookOutcome.Queued, delivery, "Queued; it is applied within seconds.");
    }

    private bool SignatureMatches(string signature, byte[] body, string protectedSecret)
    {
        string expected;
        try { expected = Sign(body, secrets.Unprotect(protectedSecret)); }
        catch (CryptographicException) { return false; }
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant()), Encoding.ASCII.GetBytes(expected));
    }

    /// <summary>The records of a body: a JSON array, or an object with a "data" array. FormatException names the problem.</summary>
    internal static List<JsonElement> Records(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var array = root.ValueKind == JsonValueKind.Array ? root : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var d) ? d : default;
            if (array.ValueKind != JsonValueKind.Array) throw new FormatException("The body must be a JSON array of records or an object with a \"data\" array.");
            return [.. array.EnumerateArray().Select(e => e.Clone())];
        }
        catch (JsonException ex) { throw new FormatException($"The body is not JSON: {ex.Message}"); }
    }

    /// <summary>Applies the pending deliveries (oldest first, one batch per connection). Returns how many deliveries were applied.</summary>
    public async Task<int> ApplyPendingAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = await db.Set<CdpWebhookDelivery>().Where(d => d.Status == CdpWebhookDeliveryStatus.Pending)
            .OrderBy(d => d.Id).Take(MaxDeliveriesPerBatch).ToListAsync(ct);
        foreach (var group in pending.GroupBy(d => d.ConnectionId))
        {
            var connection = await db.Set<CdpConnection>().AsNoTracking().FirstAsync(c => c.Id == group.Key, ct);
            await ApplyAsync(db, connection, [.. group], ct);
        }
        return pending.Count;
    }

    private async Task ApplyAsync(MeiroDbContext db, CdpConnection connection, List<CdpWebhookDelivery> deliveries, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var run = new CdpSyncRun { ConnectionId = connection.Id, Mode = "webhook", Status = CdpSyncStatus.Running, StartedAt = now, Pages = deliveries.Count };
        db.Add(run);
        await db.SaveChangesAsync(ct);
        try
        {
            var elements = deliveries.SelectMany(d => Records(Encoding.UTF8.GetBytes(d.Body))).ToList();
            var mapper = CdpRecordMapper.For(connection);
            var builder = await ingestion.NewBuilderAsync(ct);
            var records = elements.Select((e, i) => mapper.Map(e, i + 1, builder)).ToList();
            var (inserted, duplicates) = await ingestion.StoreAsync(records, CdpConnection.JourneyOrigin(connection.Id), ct);
            await quarantine.AddAsync(connection.Id, run.Id, elements, records, ct);
            run.Records = records.Count;
            run.Accepted = inserted;
            run.Duplicates = duplicates;
            run.Rejected = records.Count(r => r.Reject is not null);
            run.RejectSample = run.Rejected > 0
                ? string.Join('\n', records.Where(r => r.Reject is not null).Take(CdpSyncService.MaxRejectSampleLines).Select(r => r.Reject!.ToString())) : null;
            run.Status = CdpSyncStatus.Succeeded;
            foreach (var d in deliveries) { d.Status = CdpWebhookDeliveryStatus.Applied; d.RunId = run.Id; d.AppliedAt = clock.GetUtcNow(); }
        }
        catch (Exception ex) when (ex is FormatException or DbUpdateException)
        {
            logger.LogWarning(ex, "CDP webhook batch of connection {Id} failed", connection.Id);
            run.Status = CdpSyncStatus.Failed;
            run.Error = ex.Message;
            foreach (var d in deliveries) { d.Status = CdpWebhookDeliveryStatus.Failed; d.RunId = run.Id; d.Error = ex.Message; }
        }
        run.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    public async Task<CdpWebhookDelivery?> GetDeliveryAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<CdpWebhookDelivery>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
    }
}
