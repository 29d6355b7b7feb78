using MeiroMmm.Domain.DataQuality;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>A rule as an Admin submits it, before it is checked and stored.</summary>
public sealed record AlertRuleDraft(
    string Name,
    string MetricKey,
    string? Source,
    AlertRuleType RuleType,
    ThresholdOperator? Operator,
    double Threshold,
    int? LookbackHours,
    double? MinVolume,
    AlertSeverity Severity,
    bool Enabled,
    IReadOnlyList<long> ChannelIds)
{
    public AlertRuleSpec ToSpec() => new(MetricKey.Trim(), string.IsNullOrWhiteSpace(Source) ? null : Source.Trim(), RuleType, Threshold, Operator, LookbackHours, MinVolume);
}
