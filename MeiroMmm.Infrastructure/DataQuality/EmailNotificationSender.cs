using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>E-mail over SMTP with MailKit: one connection per message (alerts are few; no pool to go stale).</summary>
public sealed class EmailNotificationSender : INotificationSender
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public NotificationChannelKind Kind => NotificationChannelKind.Email;

    public async Task SendAsync(NotificationTarget target, string subject, string body, CancellationToken ct)
    {
        var settings = target.Email ?? throw new InvalidOperationException($"Channel '{target.Name}' has no SMTP settings.");
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = body } };
        message.From.Add(MailboxAddress.Parse(settings.From));
        foreach (string to in settings.To) message.To.Add(MailboxAddress.Parse(to));

        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        var security = settings.Security switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "ssl" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(settings.Host, settings.Port, security, ct);
        if (!string.IsNullOrEmpty(settings.Username)) await client.AuthenticateAsync(settings.Username, target.Secret ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
