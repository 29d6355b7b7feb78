namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>Sends one message over one kind of channel; throws when it fails. The seam to real SMTP servers and Slack.</summary>
public interface INotificationSender
{
    NotificationChannelKind Kind { get; }

    Task SendAsync(NotificationTarget target, string subject, string body, CancellationToken ct);
}
