using MeiroMmm.Domain.DataQuality;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>
/// An alert rule an Admin configures: what it checks (<see cref="ToSpec"/>), how loud it is and where it notifies.
/// A null <see cref="Source"/> applies the rule to every source of the metric, each with its own alert.
/// </summary>
public sealed class AlertRule
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string MetricKey { get; set; }
    public string? Source { get; set; }
    public AlertRuleType RuleType { get; set; }
    public ThresholdOperator? Operator { get; set; }
    public double Threshold { get; set; }
    public int? LookbackHours { get; set; }
    public double? MinVolume { get; set; }
    public AlertSeverity Severity { get; set; }
    public bool Enabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<AlertRuleChannel> Channels { get; set; } = [];

    public AlertRuleSpec ToSpec() => new(MetricKey, Source, RuleType, Threshold, Operator, LookbackHours, MinVolume);
}

/// <summary>A notification channel a rule sends its alerts to.</summary>
public sealed class AlertRuleChannel
{
    public long RuleId { get; set; }
    public long ChannelId { get; set; }
}
