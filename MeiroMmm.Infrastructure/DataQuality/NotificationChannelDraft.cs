namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>
/// A channel as an Admin submits it. <see cref="Secret"/> is the SMTP password or the Slack webhook URL; on an edit,
/// null keeps the stored one and "" clears it.
/// </summary>
public sealed record NotificationChannelDraft(string Name, NotificationChannelKind Kind, bool Enabled, EmailChannelSettings? Email, string? Secret);
