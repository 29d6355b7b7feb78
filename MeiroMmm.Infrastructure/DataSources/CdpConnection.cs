namespace MeiroMmm.Infrastructure.DataSources;

/// <summary>
/// One configured Meiro CDP connection. The API key and webhook secret are stored only as Data Protection ciphertext
/// (<see cref="CdpSecrets"/>) and never leave the server. The watermark (<see cref="SyncSince"/>, <see cref="Cursor"/>,
/// <see cref="MaxSeen"/>) advances only after a page's journeys are committed, so a crashed sync resumes where it stopped.
/// </summary>
public sealed class CdpConnection
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string BaseUrl { get; set; }
    public required string Endpoint { get; set; }
    public int PageSize { get; set; } = 500;
    public required string ApiKeyProtected { get; set; }
    public string? WebhookSecretProtected { get; set; }
    /// <summary>The <see cref="CdpFieldMapping"/> as JSON.</summary>
    public required string FieldMappingJson { get; set; }
    /// <summary>Comma-separated event types kept as touchpoints; empty keeps every touchpoint.</summary>
    public string TouchpointEventTypes { get; set; } = "";
    /// <summary>Comma-separated event types that count as a conversion; empty counts every record with a conversion.</summary>
    public string ConversionEventTypes { get; set; } = "";
    /// <summary>Quartz cron (seconds first, UTC) for this connection; null syncs on every run of the cdp-sync task.</summary>
    public string? Cron { get; set; }
    /// <summary>The updated_since of the pass in progress (or of the next pass when <see cref="Cursor"/> is null).</summary>
    public DateTimeOffset? SyncSince { get; set; }
    /// <summary>The next page of an unfinished pass; null when the last pass completed.</summary>
    public string? Cursor { get; set; }
    /// <summary>Latest record time committed in the current pass; becomes <see cref="SyncSince"/> when the pass completes.</summary>
    public DateTimeOffset? MaxSeen { get; set; }
    /// <summary>Path below the base URL serving spend rows (docs/CDP.md, "Expenses"); null when the CDP has none.</summary>
    public string? ExpensesEndpoint { get; set; }
    /// <summary>
    /// The expenses watermark: the latest <c>updated_at</c> (else date) of the spend rows the last expenses import
    /// committed. The next incremental import asks for <c>updated_since</c> this; null reads everything.
    /// </summary>
    public DateTimeOffset? ExpensesSince { get; set; }
    /// <summary>Path below the base URL listing the CDP's segments (docs/CDP.md, "Segments"); null when not offered.</summary>
    public string? SegmentsEndpoint { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// The origin of the journeys this connection stores: "cdp:" and the id, which fits the journeys' 16-character
    /// origin column whatever the name, and survives a rename.
    /// </summary>
    public static string JourneyOrigin(int connectionId) => $"cdp:{connectionId}";
}

/// <summary>Queued: waiting for the background worker; Cancelled: stopped on request (the watermark stays at the last committed page).</summary>
public enum CdpSyncStatus { Running, Succeeded, Failed, Queued, Cancelled }

/// <summary>One sync (full, incremental or webhook batch): a row of the import log.</summary>
public sealed class CdpSyncRun
{
    public long Id { get; set; }
    public int ConnectionId { get; set; }
    public required string Mode { get; set; }
    public CdpSyncStatus Status { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int Pages { get; set; }
    public int Records { get; set; }
    public int Accepted { get; set; }
    public int Rejected { get; set; }
    public int Duplicates { get; set; }
    public string? WatermarkBefore { get; set; }
    public string? WatermarkAfter { get; set; }
    /// <summary>The first reject reasons (up to 20 lines), so a mapping problem is visible without the raw data.</summary>
    public string? RejectSample { get; set; }
    public string? Error { get; set; }
    /// <summary>Set by the cancel API; the worker stops after the page in hand.</summary>
    public bool CancelRequested { get; set; }
    /// <summary>
    /// Until when the instance running this sync owns it; renewed after every page. A running sync whose lease ran out
    /// (its process died) is taken over by another worker and resumes from the watermark.
    /// </summary>
    public DateTimeOffset? LeaseUntil { get; set; }
}
