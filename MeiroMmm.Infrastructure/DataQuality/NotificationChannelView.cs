namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>
/// A channel as pages and the API show it: never the secret, only whether one is set. <see cref="WebhookHost"/> is the
/// Slack webhook's host (the path is the credential).
/// </summary>
public sealed record NotificationChannelView(
    long Id, string Name, NotificationChannelKind Kind, bool Enabled, EmailChannelSettings? Email, string? WebhookHost, bool HasSecret,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
