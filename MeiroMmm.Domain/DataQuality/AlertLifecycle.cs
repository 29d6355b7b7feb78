namespace MeiroMmm.Domain.DataQuality;

/// <summary>
/// The alert state machine: open → acknowledged → resolved (or open → resolved), snooze until a time while not
/// resolved, and what a DQ run does with an existing alert. Each check returns null when allowed, else the reason.
/// </summary>
public static class AlertLifecycle
{
    public static string? CanAcknowledge(AlertStatus status) => status switch
    {
        AlertStatus.Open => null,
        AlertStatus.Acknowledged => "The alert is already acknowledged.",
        _ => "A resolved alert cannot be acknowledged.",
    };

    public static string? CanResolve(AlertStatus status) =>
        status == AlertStatus.Resolved ? "The alert is already resolved." : null;

    public static string? CanSnooze(AlertStatus status, DateTimeOffset until, DateTimeOffset now) =>
        status == AlertStatus.Resolved ? "A resolved alert cannot be snoozed."
        : until <= now ? "Snooze until a time in the future."
        : until > now.AddDays(90) ? "Snooze for at most 90 days; disable the rule to silence it for longer."
        : null;

    public static bool IsSnoozed(DateTimeOffset? snoozedUntil, DateTimeOffset now) => snoozedUntil > now;

    /// <param name="hasUnresolved">Whether an unresolved alert with the rule's fingerprint exists.</param>
    /// <param name="snoozedUntil">That alert's snooze, if any.</param>
    public static AlertAction Decide(RuleEvaluation evaluation, bool hasUnresolved, DateTimeOffset? snoozedUntil, DateTimeOffset now)
    {
        if (!evaluation.Evaluated) return AlertAction.None;   // no judgement is not a recovery: keep the alert as it is
        if (!evaluation.Fired) return hasUnresolved ? AlertAction.Resolve : AlertAction.None;
        if (!hasUnresolved) return AlertAction.Create;
        return snoozedUntil is { } until && until <= now ? AlertAction.UpdateAndNotify : AlertAction.Update;
    }
}
