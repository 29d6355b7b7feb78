namespace MeiroMmm.Infrastructure.DataQuality;

public enum DeliveryStatus { Pending, Sent, Failed }

/// <summary>
/// One message to one channel: an alert or a test. <see cref="Attempts"/> counts every try, across DQ runs; a failed
/// delivery is retried by the next runs (up to <see cref="NotificationDispatcher.MaxTotalAttempts"/>), so a channel that is
/// down never loses the alert.
/// </summary>
public sealed class NotificationDelivery
{
    public long Id { get; set; }
    public long ChannelId { get; set; }
    public long? AlertEventId { get; set; }
    /// <summary>"alert" or "test".</summary>
    public required string Purpose { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}
