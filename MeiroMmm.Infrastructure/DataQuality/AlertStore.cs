using MeiroMmm.Domain.DataQuality;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>Alert events and what people do with them (acknowledge, resolve, snooze, note), each action audited. A singleton.</summary>
public sealed class AlertStore(IDbContextFactory<MeiroDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxNoteLength = 2000;

    public Task<IReadOnlyList<AlertEvent>> ListAsync(bool openOnly, CancellationToken ct) => ListAsync(new AlertFilter(OpenOnly: openOnly), ct);

    /// <summary>Alerts, newest first.</summary>
    public async Task<IReadOnlyList<AlertEvent>> ListAsync(AlertFilter filter, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var query = db.AlertEvents.AsNoTracking();
        if (filter.OpenOnly) query = query.Where(a => a.Status != AlertStatus.Resolved);
        if (filter.Status is { } status) query = query.Where(a => a.Status == status);
        if (filter.Severity is { } severity) query = query.Where(a => a.Severity == severity);
        if (filter.RuleId is { } ruleId) query = query.Where(a => a.RuleId == ruleId);
        if (filter.Snoozed == true) query = query.Where(a => a.SnoozedUntil != null && a.SnoozedUntil > now);
        if (filter.Snoozed == false) query = query.Where(a => a.SnoozedUntil == null || a.SnoozedUntil <= now);
        return await query.OrderByDescending(a => a.Id).Take(Math.Clamp(filter.Limit, 1, 500)).ToListAsync(ct);
    }

    public async Task<AlertEvent?> GetAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AlertEvents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
    }

    /// <summary>The alert's audit, oldest first.</summary>
    public async Task<IReadOnlyList<AlertAuditEntry>> AuditAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AlertAudit.AsNoTracking().Where(a => a.AlertEventId == id).OrderBy(a => a.Id).ToListAsync(ct);
    }

    public Task<AlertChange> AcknowledgeAsync(long id, string actor, string? note, CancellationToken ct) =>
        ChangeAsync(id, actor, "acknowledged", note, (alert, now) =>
        {
            if (AlertLifecycle.CanAcknowledge(alert.Status) is { } why) return why;
            alert.Status = AlertStatus.Acknowledged;
            alert.AcknowledgedAt = now;
            alert.AcknowledgedBy = actor;
            return null;
        }, ct);

    public Task<AlertChange> ResolveAsync(long id, string actor, string? note, CancellationToken ct) =>
        ChangeAsync(id, actor, "resolved", note, (alert, now) =>
        {
            if (AlertLifecycle.CanResolve(alert.Status) is { } why) return why;
            alert.Status = AlertStatus.Resolved;
            alert.ResolvedAt = now;
            alert.ResolvedBy = actor;
            alert.SnoozedUntil = null;
            return null;
        }, ct);

    public Task<AlertChange> SnoozeAsync(long id, DateTimeOffset until, string actor, string? note, CancellationToken ct) =>
        ChangeAsync(id, actor, "snoozed", note is null ? $"until {until:yyyy-MM-dd HH:mm} UTC" : $"until {until:yyyy-MM-dd HH:mm} UTC: {note}", (alert, now) =>
        {
            if (AlertLifecycle.CanSnooze(alert.Status, until, now) is { } why) return why;
            alert.SnoozedUntil = until.ToUniversalTime();
            return null;
        }, ct);

    public Task<AlertChange> AddNoteAsync(long id, string actor, string note, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(note)
            ? Task.FromResult(new AlertChange(null, Errors: [new FieldError("note", "Write a note.")]))
            : ChangeAsync(id, actor, "noted", note, (_, _) => null, ct);

    /// <summary>Applies one action and its audit entry in one SaveChanges (one statement batch, one transaction).</summary>
    private async Task<AlertChange> ChangeAsync(long id, string actor, string action, string? note, Func<AlertEvent, DateTimeOffset, string?> apply, CancellationToken ct)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note?.Length > MaxNoteLength) return new AlertChange(null, Errors: [new FieldError("note", $"The note has more than {MaxNoteLength} characters.")]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var alert = await db.AlertEvents.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (alert is null) return new AlertChange(null, NotFound: true);
        var now = clock.GetUtcNow();
        if (apply(alert, now) is { } conflict) return new AlertChange(alert, Conflict: conflict);
        if (note is not null && action != "snoozed") alert.Note = note;
        db.AlertAudit.Add(new AlertAuditEntry { AlertEventId = id, Actor = actor, Action = action, At = now, Note = note });
        await db.SaveChangesAsync(ct);
        return new AlertChange(alert);
    }
}
