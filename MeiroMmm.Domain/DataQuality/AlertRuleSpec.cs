namespace MeiroMmm.Domain.DataQuality;

/// <summary>
/// What a rule checks, without its name, channels or storage. <see cref="Threshold"/> means, by type: the value
/// (Threshold), a percentage such as 50 for ±50% (PctChangeGt), hours (MissingForHours), or the |robust z| limit
/// (Anomaly, 3.5 by Iglewicz and Hoaglin's advice). <see cref="LookbackHours"/> is PctChangeGt's comparison distance;
/// <see cref="MinVolume"/> keeps Anomaly quiet on small counts.
/// </summary>
public sealed record AlertRuleSpec(
    string MetricKey,
    string? Source,
    AlertRuleType Type,
    double Threshold,
    ThresholdOperator? Operator = null,
    int? LookbackHours = null,
    double? MinVolume = null)
{
    public const int DefaultLookbackHours = 24;
    public const double DefaultAnomalyZ = 3.5;

    /// <summary>Problems with this spec, each naming its field (snake_case, as the API spells it).</summary>
    public IReadOnlyList<RuleFieldProblem> Check()
    {
        var problems = new List<RuleFieldProblem>();
        if (string.IsNullOrWhiteSpace(MetricKey)) problems.Add(new("metric_key", "Choose the metric the rule watches."));
        else if (!DqMetricCatalog.IsKnown(MetricKey))
            problems.Add(new("metric_key", $"'{MetricKey}' is not a data-quality metric: use one of {string.Join(", ", DqMetricCatalog.All.Select(m => m.Key))}."));
        if (!double.IsFinite(Threshold)) problems.Add(new("threshold", "The threshold must be a finite number."));
        switch (Type)
        {
            case AlertRuleType.Threshold when Operator is null:
                problems.Add(new("operator", "A threshold rule needs an operator: gt, lt, gte or lte."));
                break;
            case AlertRuleType.PctChangeGt when Threshold <= 0:
                problems.Add(new("threshold", "The percentage change must be above 0, e.g. 50 for ±50%."));
                break;
            case AlertRuleType.PctChangeGt when LookbackHours is < 1:
                problems.Add(new("lookback_hours", "The lookback must be at least 1 hour."));
                break;
            case AlertRuleType.MissingForHours when Threshold <= 0:
                problems.Add(new("threshold", "The number of hours must be above 0."));
                break;
            case AlertRuleType.MissingForHours when DqMetricCatalog.Find(MetricKey) is { Unit: not DqUnit.Hours }:
                problems.Add(new("metric_key", "missing_for_hours needs a freshness metric (hours since the latest data), e.g. freshness_hours."));
                break;
            case AlertRuleType.Anomaly when Threshold <= 0:
                problems.Add(new("threshold", "The |z| limit must be above 0; 3.5 is the usual choice."));
                break;
        }
        if (MinVolume is < 0) problems.Add(new("min_volume", "The minimum volume cannot be negative."));
        return problems;
    }
}
