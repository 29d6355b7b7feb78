using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.DataSources;

/// <summary>One CDP segment (an audience) as the segments endpoint lists it; <see cref="Size"/> is the CDP's own count, when it sends one.</summary>
public sealed record CdpSegment(string Id, string Name, long? Size);

/// <summary>The segment list of a connection, or why there is none (no segments endpoint, the CDP refused, …).</summary>
public sealed record CdpSegmentList(int ConnectionId, IReadOnlyList<CdpSegment> Segments, string? Problem);

/// <summary>One page of a segment's profile ids; <see cref="Skipped"/> counts records without a usable id.</summary>
public sealed record CdpSegmentProfilePage(IReadOnlyList<string> ProfileIds, int Skipped);

/// <summary>
/// The CDP's segments (docs/CDP.md, "Segments"): the list from <c>{base_url}/{segments_endpoint}</c> and one segment's
/// profile ids from <c>{base_url}/{segments_endpoint}/{segment id}/profiles</c>, both with the journeys' paging, auth
/// and retries (<see cref="CdpClient"/>). Experiments auto-assign from a segment's profiles. A singleton.
/// </summary>
public sealed class CdpSegments(IDbContextFactory<MeiroDbContext> dbFactory, CdpClient client, CdpSecrets secrets)
{
    /// <summary>More segments than a person can pick from; the list stops there.</summary>
    public const int MaxSegments = 5_000;

    /// <summary>Null when the connection does not exist; otherwise the segments or the problem in words.</summary>
    public async Task<CdpSegmentList?> ListAsync(int connectionId, CancellationToken ct)
    {
        var connection = await ConnectionAsync(connectionId, ct);
        if (connection is null) return null;
        if (connection.SegmentsEndpoint is null)
            return new(connectionId, [], "The connection has no segments endpoint; set one (e.g. segments) on the Data sources page.");
        var segments = new List<CdpSegment>();
        try
        {
            string apiKey = secrets.Unprotect(connection.ApiKeyProtected);
            string? cursor = null;
            do
            {
                var page = await client.GetPageAsync(connection.BaseUrl, connection.SegmentsEndpoint, apiKey, cursor, connection.PageSize, null, ct);
                foreach (var record in page.Records)
                    if (ToSegment(record) is { } segment && segments.Count < MaxSegments) segments.Add(segment);
                cursor = segments.Count < MaxSegments ? page.NextCursor : null;
            } while (cursor is not null);
        }
        catch (Exception e) when (e is CdpRequestException or HttpRequestException or CryptographicException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new(connectionId, [], Problem(e));
        }
        return new(connectionId, [.. segments.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)], null);
    }

    /// <summary>
    /// The segment's profile ids page by page, so a segment of millions never sits in memory at once. A record is the id
    /// itself (a string or number) or an object with the id at the connection's <c>profile_id</c> path (else <c>profile_id</c>
    /// or <c>id</c>). Throws <see cref="CdpRequestException"/> when the CDP refuses.
    /// </summary>
    public async IAsyncEnumerable<CdpSegmentProfilePage> ProfilePagesAsync(CdpConnection connection, string segmentId, [EnumeratorCancellation] CancellationToken ct)
    {
        if (connection.SegmentsEndpoint is null) throw new CdpRequestException("The connection has no segments endpoint.");
        string apiKey = secrets.Unprotect(connection.ApiKeyProtected);
        string endpoint = $"{connection.SegmentsEndpoint}/{Uri.EscapeDataString(segmentId)}/profiles";
        string profilePath = (JsonSerializer.Deserialize<CdpFieldMapping>(connection.FieldMappingJson, StoredJson.Options) ?? new CdpFieldMapping()).ProfileId;
        string? cursor = null;
        do
        {
            var page = await client.GetPageAsync(connection.BaseUrl, endpoint, apiKey, cursor, connection.PageSize, null, ct);
            var ids = new List<string>(page.Records.Count);
            int skipped = 0;
            foreach (var record in page.Records)
            {
                if (ProfileId(record, profilePath) is { } id) ids.Add(id);
                else skipped++;
            }
            yield return new CdpSegmentProfilePage(ids, skipped);
            cursor = page.NextCursor;
        } while (cursor is not null);
    }

    public async Task<CdpConnection?> ConnectionAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<CdpConnection>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == connectionId, ct);
    }

    /// <summary>The words a person sees when the CDP could not be asked.</summary>
    public static string Problem(Exception e) => e switch
    {
        CryptographicException => "The stored API key cannot be decrypted (the key ring changed): enter the API key again.",
        TaskCanceledException => "The CDP did not answer in time.",
        HttpRequestException h => $"The CDP is not reachable: {h.Message}",
        _ => e.Message,
    };

    /// <summary><c>{"id": "17", "name": "Newsletter subscribers", "size": 5234}</c>; the id may be a number; a record without an id is skipped.</summary>
    internal static CdpSegment? ToSegment(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object) return null;
        string? id = Scalar(record, "id");
        if (string.IsNullOrWhiteSpace(id) || id.Length > 200) return null;
        string name = Scalar(record, "name") is { Length: > 0 } n ? n : id;
        long? size = record.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out long v) ? v : null;
        return new CdpSegment(id, name.Length > 200 ? name[..200] : name, size);
    }

    internal static string? ProfileId(JsonElement record, string profilePath)
    {
        string? id = record.ValueKind switch
        {
            JsonValueKind.String => record.GetString(),
            JsonValueKind.Number => record.GetRawText(),
            JsonValueKind.Object => Text(CdpRecordMapper.Find(record, profilePath)) ?? Scalar(record, "profile_id") ?? Scalar(record, "id"),
            _ => null,
        };
        id = id?.Trim();
        return string.IsNullOrEmpty(id) || id.Length > Experiments.ExperimentService.MaxIdLength ? null : id;
    }

    private static string? Scalar(JsonElement record, string name) =>
        record.TryGetProperty(name, out var v) ? Text(v) : null;

    private static string? Text(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.String => value.Value.GetString(),
        JsonValueKind.Number => value.Value.GetRawText(),
        _ => null,
    };
}
