using System.Text.Json;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>
/// Notification channels (secrets encrypted on the way in, never handed out except to a sender) and their delivery log.
/// Errors name the API's fields: smtp_host, smtp_port, smtp_security, email_from, email_to, smtp_password, webhook_url.
/// </summary>
public sealed class NotificationChannelStore(IDbContextFactory<MeiroDbContext> dbFactory, NotificationSecretProtector protector, TimeProvider clock)
{
    public async Task<IReadOnlyList<NotificationChannelView>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.NotificationChannels.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        return [.. rows.Select(ToView)];
    }

    public async Task<NotificationChannelView?> GetAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.NotificationChannels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        return row is null ? null : ToView(row);
    }

    public async Task<(NotificationChannelView? Channel, IReadOnlyList<FieldError> Errors)> CreateAsync(NotificationChannelDraft draft, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var errors = await CheckAsync(db, draft, null, hasStoredSecret: false, ct);
        if (errors.Count > 0) return (null, errors);
        var now = clock.GetUtcNow();
        var row = new NotificationChannel { Name = draft.Name.Trim(), Kind = draft.Kind, SettingsJson = "{}", CreatedAt = now };
        Apply(row, draft, now);
        db.NotificationChannels.Add(row);
        await db.SaveChangesAsync(ct);
        return (ToView(row), []);
    }

    /// <summary>The updated channel; (null, []) when it does not exist. The kind cannot change.</summary>
    public async Task<(NotificationChannelView? Channel, IReadOnlyList<FieldError> Errors)> UpdateAsync(long id, NotificationChannelDraft draft, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.NotificationChannels.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (row is null) return (null, []);
        var errors = await CheckAsync(db, draft, id, hasStoredSecret: row.ProtectedSecret is not null, ct);
        if (draft.Kind != row.Kind) errors.Add(new("kind", $"A channel cannot change kind; create a new {draft.Kind.ToString().ToLowerInvariant()} channel instead."));
        if (errors.Count > 0) return (null, errors);
        Apply(row, draft, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return (ToView(row), []);
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.NotificationChannels.Where(c => c.Id == id).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>The channel with its secret decrypted, for a sender; null when it does not exist.</summary>
    public async Task<NotificationTarget?> LoadTargetAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.NotificationChannels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (row is null) return null;
        return new NotificationTarget(row.Id, row.Name, row.Kind, ReadEmail(row),
            row.ProtectedSecret is null ? null : protector.Unprotect(row.ProtectedSecret));
    }

    /// <summary>Deliveries, newest first: all, or one channel's.</summary>
    public async Task<IReadOnlyList<NotificationDelivery>> DeliveriesAsync(long? channelId, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.NotificationDeliveries.AsNoTracking();
        if (channelId is { } id) query = query.Where(d => d.ChannelId == id);
        return await query.OrderByDescending(d => d.Id).Take(Math.Clamp(limit, 1, 500)).ToListAsync(ct);
    }

    private void Apply(NotificationChannel row, NotificationChannelDraft draft, DateTimeOffset now)
    {
        row.Name = draft.Name.Trim();
        row.Enabled = draft.Enabled;
        row.UpdatedAt = now;
        string? webhookHost = draft.Kind == NotificationChannelKind.Slack && Uri.TryCreate(draft.Secret, UriKind.Absolute, out var uri) ? uri.Host : null;
        row.SettingsJson = draft.Kind == NotificationChannelKind.Email
            ? JsonSerializer.Serialize(Normalize(draft.Email!), StoredJson.Options)
            : webhookHost is null ? row.SettingsJson : JsonSerializer.Serialize(new { webhook_host = webhookHost }, StoredJson.Options);
        if (draft.Secret is not null) row.ProtectedSecret = draft.Secret.Length == 0 ? null : protector.Protect(draft.Secret);
    }

    private static EmailChannelSettings Normalize(EmailChannelSettings e) =>
        e with { Host = e.Host.Trim(), Security = e.Security.Trim().ToLowerInvariant(), Username = string.IsNullOrWhiteSpace(e.Username) ? null : e.Username.Trim(), From = e.From.Trim(), To = [.. e.To.Select(t => t.Trim()).Where(t => t.Length > 0)] };

    private static EmailChannelSettings? ReadEmail(NotificationChannel row) =>
        row.Kind == NotificationChannelKind.Email ? JsonSerializer.Deserialize<EmailChannelSettings>(row.SettingsJson, StoredJson.Options) : null;

    private static NotificationChannelView ToView(NotificationChannel row)
    {
        string? host = null;
        if (row.Kind == NotificationChannelKind.Slack)
        {
            using var doc = JsonDocument.Parse(row.SettingsJson);
            host = doc.RootElement.TryGetProperty("webhook_host", out var h) ? h.GetString() : null;
        }
        return new NotificationChannelView(row.Id, row.Name, row.Kind, row.Enabled, ReadEmail(row), host, row.ProtectedSecret is not null, row.CreatedAt, row.UpdatedAt);
    }

    private static async Task<List<FieldError>> CheckAsync(MeiroDbContext db, NotificationChannelDraft draft, long? id, bool hasStoredSecret, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        string name = draft.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "Give the channel a name."));
        else if (name.Length > 200) errors.Add(new("name", "The name has more than 200 characters."));
        else if (await db.NotificationChannels.AnyAsync(c => c.Name == name && c.Id != id, ct)) errors.Add(new("name", $"A channel named '{name}' already exists."));
        bool secretAfter = draft.Secret is null ? hasStoredSecret : draft.Secret.Length > 0;
        if (draft.Kind == NotificationChannelKind.Slack)
        {
            if (!secretAfter) errors.Add(new("webhook_url", "Paste the Slack incoming-webhook URL (https://hooks.slack.com/services/…)."));
            else if (draft.Secret is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
                errors.Add(new("webhook_url", "The webhook URL must be an absolute https URL."));
            return errors;
        }
        if (draft.Email is not { } e) { errors.Add(new("smtp_host", "An e-mail channel needs its SMTP settings.")); return errors; }
        if (string.IsNullOrWhiteSpace(e.Host)) errors.Add(new("smtp_host", "Give the SMTP server's host name."));
        if (e.Port is < 1 or > 65535) errors.Add(new("smtp_port", "The port must be between 1 and 65535 (587 for STARTTLS, 465 for TLS)."));
        if (!EmailChannelSettings.SecurityModes.Contains(e.Security?.Trim().ToLowerInvariant())) errors.Add(new("smtp_security", $"Use one of {string.Join(", ", EmailChannelSettings.SecurityModes)}."));
        if (string.IsNullOrWhiteSpace(e.From) || !IsAddress(e.From.Trim())) errors.Add(new("email_from", "Give a valid sender address."));
        var to = (e.To ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).ToList();
        if (to.Count == 0) errors.Add(new("email_to", "Give at least one recipient."));
        foreach (string bad in to.Where(t => !IsAddress(t))) errors.Add(new("email_to", $"'{bad}' is not a valid address."));
        if (!string.IsNullOrWhiteSpace(e.Username) && !secretAfter) errors.Add(new("smtp_password", "A user name needs a password."));
        return errors;
    }

    /// <summary>MimeKit alone accepts a bare local part such as "ops"; an address to send to needs a domain too.</summary>
    private static bool IsAddress(string value) => MailboxAddress.TryParse(value, out var address) && address.Address.Contains('@');
}
