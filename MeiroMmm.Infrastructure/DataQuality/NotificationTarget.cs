namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>A channel ready to send to: its settings and its decrypted secret. Lives only for one send.</summary>
public sealed record NotificationTarget(long ChannelId, string Name, NotificationChannelKind Kind, EmailChannelSettings? Email, string? Secret);
