namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>Who did what to an alert, when: raised, acknowledged, snoozed, noted, resolved (by a person or the DQ run).</summary>
public sealed class AlertAuditEntry
{
    public long Id { get; set; }
    public long AlertEventId { get; set; }
    /// <summary>A user name, an API key's name, or "dq-run".</summary>
    public required string Actor { get; set; }
    /// <summary>raised | acknowledged | snoozed | noted | resolved | renotified.</summary>
    public required string Action { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Note { get; set; }
}
