namespace MeiroMmm.Infrastructure.DataQuality;

public enum AlertSeverity { Info, Warning, Critical }
public enum AlertStatus { Open, Acknowledged, Resolved }

/// <summary>An alert raised by a rule (the taxonomy/DQ issue adds the rules that raise them).</summary>
public sealed class AlertEvent
{
    public long Id { get; set; }
    public required string RuleName { get; set; }
    public AlertSeverity Severity { get; set; }
    public required string Message { get; set; }
    public AlertStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}
