using MeiroMmm.Domain.DataQuality;
using MeiroMmm.Infrastructure.DataQuality;
using MeiroMmm.Infrastructure.Persistence;

namespace MeiroMmm.Web.DataQuality;

/// <summary>Body of POST/PUT /api/alert-rules and of the preview. Enums are snake_case: rule_type "pct_change_gt", operator "lt".</summary>
public sealed record AlertRuleInput(
    string? Name, string? MetricKey, string? Source, AlertRuleType? RuleType, ThresholdOperator? Operator, double? Threshold,
    int? LookbackHours, double? MinVolume, AlertSeverity? Severity, bool? Enabled, long[]? ChannelIds)
{
    /// <summary>The draft, or the missing fields. A preview does not need a name.</summary>
    public (AlertRuleDraft? Draft, List<FieldError> Errors) ToDraft(bool nameRequired)
    {
        var errors = new List<FieldError>();
        if (nameRequired && string.IsNullOrWhiteSpace(Name)) errors.Add(new("name", "Give the rule a name."));
        if (string.IsNullOrWhiteSpace(MetricKey)) errors.Add(new("metric_key", $"Choose a metric: {string.Join(", ", DqMetricCatalog.All.Select(m => m.Key))}."));
        if (RuleType is null) errors.Add(new("rule_type", "Choose a rule type: threshold, pct_change_gt, missing_for_hours or anomaly."));
        if (Threshold is null) errors.Add(new("threshold", "Give the threshold."));
        if (errors.Count > 0) return (null, errors);
        return (new AlertRuleDraft(Name?.Trim() ?? "", MetricKey!.Trim(), Source, RuleType!.Value, Operator, Threshold!.Value, LookbackHours, MinVolume,
            Severity ?? AlertSeverity.Warning, Enabled ?? true, ChannelIds ?? []), errors);
    }
}
