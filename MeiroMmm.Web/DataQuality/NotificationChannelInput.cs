using MeiroMmm.Infrastructure.DataQuality;

namespace MeiroMmm.Web.DataQuality;

/// <summary>
/// Body of POST/PUT /api/notification-channels. kind "email": smtp_host, smtp_port, smtp_security, smtp_username,
/// smtp_password, email_from, email_to. kind "slack": webhook_url. On PUT, an omitted password or webhook URL keeps the
/// stored one. Secrets are write-only.
/// </summary>
public sealed record NotificationChannelInput(
    string? Name, NotificationChannelKind? Kind, bool? Enabled, string? SmtpHost, int? SmtpPort, string? SmtpSecurity, string? SmtpUsername,
    string? SmtpPassword, string? EmailFrom, string[]? EmailTo, string? WebhookUrl)
{
    public NotificationChannelDraft ToDraft()
    {
        var kind = Kind ?? NotificationChannelKind.Email;
        var email = kind == NotificationChannelKind.Email
            ? new EmailChannelSettings(SmtpHost ?? "", SmtpPort ?? 587, SmtpSecurity ?? "auto", SmtpUsername, EmailFrom ?? "", EmailTo ?? [])
            : null;
        return new NotificationChannelDraft(Name ?? "", kind, Enabled ?? true, email, kind == NotificationChannelKind.Email ? SmtpPassword : WebhookUrl);
    }
}
