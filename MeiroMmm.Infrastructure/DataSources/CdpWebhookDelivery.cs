namespace MeiroMmm.Infrastructure.DataSources;

public enum CdpWebhookDeliveryStatus { Pending, Applied, Failed }

/// <summary>
/// One signed webhook body, stored as received and applied later by <see cref="CdpBackgroundWorker"/>. The body's
/// SHA-256 is unique per connection, so a CDP re-sending the same delivery is acknowledged without storing it twice.
/// </summary>
public sealed class CdpWebhookDelivery
{
    public long Id { get; set; }
    public int ConnectionId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    /// <summary>Lower-case hex SHA-256 of the raw body.</summary>
    public required string BodyHash { get; set; }
    public required string Body { get; set; }
    public CdpWebhookDeliveryStatus Status { get; set; }
    /// <summary>The import-log row (mode "webhook") of the batch that applied it.</summary>
    public long? RunId { get; set; }
    public DateTimeOffset? AppliedAt { get; set; }
    public string? Error { get; set; }
}
