namespace MeiroMmm.Domain.DataQuality;

/// <summary>How a rule decides that a metric is in breach. See <see cref="AlertRuleEvaluator"/>.</summary>
public enum AlertRuleType
{
    /// <summary>The latest value compared with a fixed threshold (gt, lt, gte, lte).</summary>
    Threshold,
    /// <summary>The latest value changed by more than threshold % from the value one lookback earlier.</summary>
    PctChangeGt,
    /// <summary>Freshness: the data behind an hours-since-latest metric has been missing for more than threshold hours.</summary>
    MissingForHours,
    /// <summary>The latest value is an outlier against its trailing baseline: |robust z| above threshold.</summary>
    Anomaly,
}
