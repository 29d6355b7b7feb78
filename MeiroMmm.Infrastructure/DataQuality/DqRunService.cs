using MeiroMmm.Domain.DataQuality;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>
/// One DQ run: compute every metric, store the snapshots, evaluate the enabled rules on their series, create, update or
/// resolve alerts by fingerprint, then send what is due. One run at a time (the nightly job, `task dq-run` and "Run
/// now" share this singleton); a second caller gets <see cref="DqRunInProgressException"/>.
/// </summary>
public sealed class DqRunService(
    IDbContextFactory<MeiroDbContext> dbFactory,
    DqComputation computation,
    DqSnapshotStore snapshots,
    AlertRuleStore rules,
    NotificationDispatcher dispatcher,
    TimeProvider clock)
{
    public const string Actor = "dq-run";
    private readonly SemaphoreSlim _gate = new(1, 1);

    public bool IsRunning => _gate.CurrentCount == 0;

    /// <param name="progress">Stage names as the run passes them ("Computing metrics", …), for a page's progress line.</param>
    public async Task<DqRunSummary> RunAsync(IProgress<string>? progress, CancellationToken ct)
    {
        if (!await _gate.WaitAsync(0, ct)) throw new DqRunInProgressException();
        try
        {
            var started = clock.GetUtcNow();
            await rules.EnsureDefaultsAsync(ct);
            progress?.Report("Computing metrics");
            var computed = await computation.ComputeAllAsync(started, ct);
            progress?.Report("Storing snapshots");
            await snapshots.UpsertAsync(computed, ct);
            progress?.Report("Evaluating alert rules");
            var (evaluated, created, updated, resolved) = await EvaluateRulesAsync(ct);
            progress?.Report("Sending notifications");
            var (sent, failed) = await dispatcher.DeliverDueAsync(ct);
            progress?.Report("Done");
            return new DqRunSummary(started, Math.Round((clock.GetUtcNow() - started).TotalSeconds, 2), computed.Count, evaluated, created, updated, resolved, sent, failed);
        }
        finally { _gate.Release(); }
    }

    /// <summary>Stores the six taxonomy metrics only (POST /api/taxonomy/compute-dq); rules are not evaluated.</summary>
    public async Task<IReadOnlyList<DqSnapshot>> ComputeTaxonomyAsync(CancellationToken ct)
    {
        var computed = await computation.TaxonomyAsync(clock.GetUtcNow(), ct);
        await snapshots.UpsertAsync(computed, ct);
        return computed;
    }

    private async Task<(int Evaluated, int Created, int Updated, int Resolved)> EvaluateRulesAsync(CancellationToken ct)
    {
        int evaluated = 0, created = 0, updated = 0, resolved = 0;
        var now = clock.GetUtcNow();
        foreach (var rule in (await rules.ListAsync(ct)).Where(r => r.Enabled))
        {
            var spec = rule.ToSpec();
            var series = await snapshots.SeriesAsync(rule.MetricKey, rule.Source, ct);
            // A rule on one source with no snapshots still judges (missing_for_hours: "no data at all").
            var targets = series.Count > 0 ? series.ToList()
                : rule.Source is not null ? [new KeyValuePair<string, IReadOnlyList<MetricPoint>>(rule.Source, [])] : [];
            foreach (var (source, points) in targets)
            {
                var result = AlertRuleEvaluator.Evaluate(spec, points, now);
                if (result.Evaluated) evaluated++;
                switch (await ApplyAsync(rule, source, result, now, ct))
                {
                    case AlertAction.Create: created++; break;
                    case AlertAction.Update or AlertAction.UpdateAndNotify: updated++; break;
                    case AlertAction.Resolve: resolved++; break;
                }
            }
        }
        return (evaluated, created, updated, resolved);
    }

    private async Task<AlertAction> ApplyAsync(AlertRule rule, string source, RuleEvaluation result, DateTimeOffset now, CancellationToken ct)
    {
        string fingerprint = AlertFingerprint.For(rule.Id, rule.MetricKey, source);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var alert = await db.AlertEvents.Where(a => a.Fingerprint == fingerprint && a.Status != AlertStatus.Resolved).OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
        var action = AlertLifecycle.Decide(result, alert is not null, alert?.SnoozedUntil, now);
        switch (action)
        {
            case AlertAction.Create:
                alert = new AlertEvent
                {
                    RuleId = rule.Id, RuleName = rule.Name, Severity = rule.Severity, Message = Cut(result.Message), Status = AlertStatus.Open,
                    CreatedAt = now, LastSeenAt = now, Fingerprint = fingerprint, MetricKey = rule.MetricKey, Source = source,
                    ObservedValue = Finite(result.Observed), Threshold = rule.Threshold, Occurrences = 1,
                };
                db.AlertEvents.Add(alert);
                await db.SaveChangesAsync(ct);
                db.AlertAudit.Add(new AlertAuditEntry { AlertEventId = alert.Id, Actor = Actor, Action = "raised", At = now, Note = alert.Message });
                await db.SaveChangesAsync(ct);
                await dispatcher.QueueAlertAsync(alert, [.. rule.Channels.Select(c => c.ChannelId)], null, ct);
                break;
            case AlertAction.Update or AlertAction.UpdateAndNotify:
                alert!.Message = Cut(result.Message);
                alert.ObservedValue = Finite(result.Observed);
                alert.LastSeenAt = now;
                alert.Occurrences++;
                if (action == AlertAction.UpdateAndNotify)
                {
                    alert.SnoozedUntil = null;
                    db.AlertAudit.Add(new AlertAuditEntry { AlertEventId = alert.Id, Actor = Actor, Action = "renotified", At = now, Note = "Snooze ended and the rule is still breached." });
                }
                await db.SaveChangesAsync(ct);
                if (action == AlertAction.UpdateAndNotify)
                    await dispatcher.QueueAlertAsync(alert, [.. rule.Channels.Select(c => c.ChannelId)], "Still breached: ", ct);
                break;
            case AlertAction.Resolve:
                alert!.Status = AlertStatus.Resolved;
                alert.ResolvedAt = now;
                alert.ResolvedBy = Actor;
                alert.SnoozedUntil = null;
                db.AlertAudit.Add(new AlertAuditEntry { AlertEventId = alert.Id, Actor = Actor, Action = "resolved", At = now, Note = "The rule is no longer breached: " + Cut(result.Message) });
                await db.SaveChangesAsync(ct);
                break;
        }
        return action;
    }

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    private static string Cut(string s) => s.Length <= 2000 ? s : s[..1999] + "…";
}
