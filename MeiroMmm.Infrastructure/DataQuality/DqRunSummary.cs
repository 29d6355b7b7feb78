namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>What one DQ run did: snapshots stored, rules evaluated, alerts raised/updated/resolved, notifications.</summary>
public sealed record DqRunSummary(
    DateTimeOffset StartedAt, double Seconds, int Snapshots, int RulesEvaluated, int AlertsCreated, int AlertsUpdated,
    int AlertsResolved, int NotificationsSent, int NotificationsFailed);
