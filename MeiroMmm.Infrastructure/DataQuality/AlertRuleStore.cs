using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Workspace;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>Alert rules: list, create, edit, delete, and the default rules once per workspace. A singleton.</summary>
public sealed class AlertRuleStore(IDbContextFactory<MeiroDbContext> dbFactory, TimeProvider clock)
{
    public const string DefaultsFlag = "default_alert_rules_seeded_at";
    public const int MaxNameLength = 200;

    public async Task<IReadOnlyList<AlertRule>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AlertRules.AsNoTracking().Include(r => r.Channels).OrderBy(r => r.Name).ToListAsync(ct);
    }

    public async Task<AlertRule?> GetAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AlertRules.AsNoTracking().Include(r => r.Channels).SingleOrDefaultAsync(r => r.Id == id, ct);
    }

    /// <summary>The stored rule, or the problems (each naming its field); nothing is stored when there are problems.</summary>
    public async Task<(AlertRule? Rule, IReadOnlyList<FieldError> Errors)> CreateAsync(AlertRuleDraft draft, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var errors = await CheckAsync(db, draft, null, ct);
        if (errors.Count > 0) return (null, errors);
        var now = clock.GetUtcNow();
        var rule = new AlertRule { Name = draft.Name.Trim(), MetricKey = "", CreatedAt = now };
        Apply(rule, draft, now);
        db.AlertRules.Add(rule);
        await db.SaveChangesAsync(ct);
        return (rule, []);
    }

    /// <summary>The updated rule; (null, []) when it does not exist.</summary>
    public async Task<(AlertRule? Rule, IReadOnlyList<FieldError> Errors)> UpdateAsync(long id, AlertRuleDraft draft, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rule = await db.AlertRules.Include(r => r.Channels).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null) return (null, []);
        var errors = await CheckAsync(db, draft, id, ct);
        if (errors.Count > 0) return (null, errors);
        Apply(rule, draft, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return (rule, []);
    }

    /// <summary>Deletes the rule; its alerts stay (with the rule's name) for the record.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rule = await db.AlertRules.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null) return false;
        await db.AlertEvents.Where(a => a.RuleId == id).LoadAsync(ct);   // tracked, so EF nulls their rule id on every provider
        db.AlertRules.Remove(rule);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Adds <see cref="DefaultAlertRules"/> the first time only, so a rule an Admin deleted stays deleted.</summary>
    public async Task<bool> EnsureDefaultsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.WorkspaceFlags.AnyAsync(f => f.Key == DefaultsFlag, ct)) return false;
        var now = clock.GetUtcNow();
        var existing = await db.AlertRules.Select(r => r.Name).ToListAsync(ct);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var draft in DefaultAlertRules.All.Where(d => !existing.Contains(d.Name)))
            {
                var rule = new AlertRule { Name = draft.Name, MetricKey = "", CreatedAt = now };
                Apply(rule, draft, now);
                db.AlertRules.Add(rule);
            }
            db.WorkspaceFlags.Add(new WorkspaceFlag { Key = DefaultsFlag, Value = now.ToString("O"), SetAt = now });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        return true;
    }

    private static void Apply(AlertRule rule, AlertRuleDraft draft, DateTimeOffset now)
    {
        var spec = draft.ToSpec();
        rule.Name = draft.Name.Trim();
        rule.MetricKey = spec.MetricKey;
        rule.Source = spec.Source;
        rule.RuleType = spec.Type;
        rule.Operator = spec.Type == Domain.DataQuality.AlertRuleType.Threshold ? spec.Operator : null;
        rule.Threshold = spec.Threshold;
        rule.LookbackHours = spec.Type == Domain.DataQuality.AlertRuleType.PctChangeGt ? spec.LookbackHours ?? Domain.DataQuality.AlertRuleSpec.DefaultLookbackHours : null;
        rule.MinVolume = spec.Type == Domain.DataQuality.AlertRuleType.Anomaly ? spec.MinVolume : null;
        rule.Severity = draft.Severity;
        rule.Enabled = draft.Enabled;
        rule.UpdatedAt = now;
        rule.Channels.Clear();
        rule.Channels.AddRange(draft.ChannelIds.Distinct().Select(c => new AlertRuleChannel { RuleId = rule.Id, ChannelId = c }));
    }

    private static async Task<List<FieldError>> CheckAsync(MeiroDbContext db, AlertRuleDraft draft, long? id, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        string name = draft.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "Give the rule a name."));
        else if (name.Length > MaxNameLength) errors.Add(new("name", $"The name has more than {MaxNameLength} characters."));
        else if (await db.AlertRules.AnyAsync(r => r.Name == name && r.Id != id, ct)) errors.Add(new("name", $"A rule named '{name}' already exists."));
        if (draft.Source?.Length > 200) errors.Add(new("source", "The source has more than 200 characters."));
        errors.AddRange(draft.ToSpec().Check().Select(p => new FieldError(p.Field, p.Message)));
        var channelIds = draft.ChannelIds.Distinct().ToList();
        var known = await db.NotificationChannels.Where(c => channelIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        var unknown = channelIds.Except(known).ToList();
        if (unknown.Count > 0) errors.Add(new("channel_ids", $"No notification channel with id {string.Join(", ", unknown)}."));
        return errors;
    }
}
