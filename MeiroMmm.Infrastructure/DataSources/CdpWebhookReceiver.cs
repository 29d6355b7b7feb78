using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MeiroMmm.Infrastructure.Attribution.Ingestion;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MeiroMmm.Infrastructure.DataSources;

public enum CdpWebhookOutcome { Applied, BadSignature, BadBody }

/// <summary>
/// Pushed CDP records: verifies <c>X-Meiro-Signature: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c> with the
/// connection's secret (constant-time compare) and applies the body's records synchronously as one batch through
/// <see cref="JourneyIngestion"/> (same mapping, validation and dedup as a sync), logged as a "webhook" run.
/// </summary>
public sealed class CdpWebhookReceiver(
    IDbContextFactory<MeiroDbContext> dbFactory, CdpSecrets secrets, JourneyIngestion ingestion, TimeProvider clock, ILogger<CdpWebhookReceiver> logger)
{
    public const string SignatureHeader = "X-Meiro-Signature";

    public static string Sign(byte[] body, string secret) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public async Task<(CdpWebhookOutcome Outcome, CdpSyncRun? Run, string Message)> ReceiveAsync(int? connectionId, string? signature, byte[] body, CancellationToken ct)
    {
        CdpConnection? connection = null;
        if (connectionId is { } id)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            connection = await db.Set<CdpConnection>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        }
        // Unknown connection, no secret, missing or wrong signature: all the same 401, so the answer reveals nothing.
        if (connection?.WebhookSecretProtected is null || signature is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant()),
                Encoding.ASCII.GetBytes(Sign(body, secrets.Unprotect(connection.WebhookSecretProtected)))))
        {
            logger.LogWarning("CDP webhook refused: bad or missing signature for connection {Id} ({Bytes} bytes)", connectionId, body.Length);
            return (CdpWebhookOutcome.BadSignature, null, "The signature is missing or does not match.");
        }

        List<JsonElement> elements;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var array = root.ValueKind == JsonValueKind.Array ? root : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var d) ? d : default;
            if (array.ValueKind != JsonValueKind.Array) return (CdpWebhookOutcome.BadBody, null, "The body must be a JSON array of records or an object with a \"data\" array.");
            elements = array.EnumerateArray().Select(e => e.Clone()).ToList();
        }
        catch (JsonException ex) { return (CdpWebhookOutcome.BadBody, null, $"The body is not JSON: {ex.Message}"); }

        var mapper = CdpRecordMapper.For(connection);
        var builder = await ingestion.NewBuilderAsync(ct);
        var records = elements.Select((e, i) => mapper.Map(e, i + 1, builder)).ToList();
        var (inserted, duplicates) = await ingestion.StoreAsync(records, $"cdp:{connection.Name}", ct);
        var now = clock.GetUtcNow();
        var run = new CdpSyncRun
        {
            ConnectionId = connection.Id, Mode = "webhook", Status = CdpSyncStatus.Succeeded, StartedAt = now, FinishedAt = now, Pages = 1,
            Records = records.Count, Accepted = inserted, Duplicates = duplicates, Rejected = records.Count(r => r.Reject is not null),
            RejectSample = records.Any(r => r.Reject is not null)
                ? string.Join('\n', records.Where(r => r.Reject is not null).Take(CdpSyncService.MaxRejectSampleLines).Select(r => r.Reject!.ToString())) : null,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Add(run);
            await db.SaveChangesAsync(ct);
        }
        return (CdpWebhookOutcome.Applied, run, $"{inserted} journeys stored, {duplicates} duplicates, {run.Rejected} rejected.");
    }
}
