using MeiroMmm.Domain.DataQuality;
using MeiroMmm.Infrastructure.DataQuality;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>
/// Puts the nightly report's experiment alerts into the same inbox and notification channels as data-quality alerts.
/// One alert per experiment and kind (fingerprint <c>experiment:{id}:{kind}</c>): a still-true alert is updated, not
/// raised again, and an alert the report no longer gives is resolved. <c>insufficient_data</c> stays in the inbox
/// only; every other kind is also sent to the enabled notification channels.
/// </summary>
public sealed class ExperimentAlertPublisher(IDbContextFactory<MeiroDbContext> dbFactory, NotificationDispatcher dispatcher, TimeProvider clock)
{
    public const string Actor = "nightly-report";

    public async Task PublishAsync(NightlyReport report, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var channels = await EnabledChannelsAsync(ct);
        foreach (var row in report.Experiments)
        {
            string prefix = $"experiment:{row.Id}:";
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var open = await db.AlertEvents.Where(a => a.Fingerprint.StartsWith(prefix) && a.Status != AlertStatus.Resolved).ToListAsync(ct);
            var raised = new List<AlertEvent>();
            foreach (var alert in row.Alerts)
            {
                string fingerprint = prefix + alert.Kind;
                if (open.FirstOrDefault(a => a.Fingerprint == fingerprint) is { } existing)
                {
                    existing.Message = alert.Message;
                    existing.LastSeenAt = now;
                    existing.Occurrences++;
                    continue;
                }
                var created = new AlertEvent
                {
                    RuleName = $"Experiment {row.Key}: {alert.Kind.Replace('_', ' ')}", Severity = SeverityOf(alert.Level), Message = alert.Message,
                    Status = AlertStatus.Open, CreatedAt = now, LastSeenAt = now, Fingerprint = fingerprint, MetricKey = "experiment." + alert.Kind,
                    Source = row.Key, Occurrences = 1,
                };
                db.AlertEvents.Add(created);
                raised.Add(created);
            }
            foreach (var stale in open.Where(a => row.Alerts.All(x => prefix + x.Kind != a.Fingerprint)))
            {
                stale.Status = AlertStatus.Resolved;
                stale.ResolvedAt = now;
                stale.ResolvedBy = Actor;
                stale.SnoozedUntil = null;
                db.AlertAudit.Add(new AlertAuditEntry { AlertEventId = stale.Id, Actor = Actor, Action = "resolved", At = now, Note = "The nightly report no longer raises it." });
            }
            await db.SaveChangesAsync(ct);
            foreach (var alert in raised)
                db.AlertAudit.Add(new AlertAuditEntry { AlertEventId = alert.Id, Actor = Actor, Action = "raised", At = now, Note = alert.Message });
            await db.SaveChangesAsync(ct);
            foreach (var alert in raised.Where(a => a.MetricKey != "experiment.insufficient_data"))
                await dispatcher.QueueAlertAsync(alert, channels, null, ct);
        }
        await dispatcher.DeliverDueAsync(ct);
    }

    private async Task<List<long>> EnabledChannelsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.NotificationChannels.Where(c => c.Enabled).Select(c => c.Id).ToListAsync(ct);
    }

    /// <summary>The report's levels on the inbox's scale: a significant result is news (info), a fault a warning, a failure critical.</summary>
    private static AlertSeverity SeverityOf(string level) => level switch
    {
        "warning" => AlertSeverity.Warning,
        "error" => AlertSeverity.Critical,
        _ => AlertSeverity.Info,
    };
}
