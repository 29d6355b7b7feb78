using MeiroMmm.Domain.DataQuality;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>
/// An alert raised by a rule: one per breach. While it is not resolved, DQ runs that find the rule still breached update
/// <see cref="LastSeenAt"/>, <see cref="ObservedValue"/> and <see cref="Occurrences"/> instead of raising another
/// (<see cref="Fingerprint"/>: rule, metric and source).
/// </summary>
public sealed class AlertEvent
{
    public long Id { get; set; }
    /// <summary>Null once the rule is deleted; <see cref="RuleName"/> keeps its name.</summary>
    public long? RuleId { get; set; }
    public required string RuleName { get; set; }
    public AlertSeverity Severity { get; set; }
    public required string Message { get; set; }
    public AlertStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string Fingerprint { get; set; } = "";
    public string MetricKey { get; set; } = "";
    public string? Source { get; set; }
    public double? ObservedValue { get; set; }
    public double? Threshold { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public int Occurrences { get; set; } = 1;
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTimeOffset? SnoozedUntil { get; set; }
    /// <summary>The latest note; every note is also kept in the audit.</summary>
    public string? Note { get; set; }
}
