namespace MeiroMmm.Infrastructure.DataQuality;

public enum NotificationChannelKind { Email, Slack }

/// <summary>
/// Where alerts go. <see cref="SettingsJson"/> holds what is not secret (SMTP host, port, sender, recipients);
/// <see cref="ProtectedSecret"/> holds the secret (the SMTP password or the Slack webhook URL, which is itself a
/// credential) encrypted with ASP.NET Core Data Protection. The API never returns it.
/// </summary>
public sealed class NotificationChannel
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public NotificationChannelKind Kind { get; set; }
    public bool Enabled { get; set; }
    public required string SettingsJson { get; set; }
    public string? ProtectedSecret { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
