using MeiroMmm.Domain.DataQuality;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>The seed's data-quality targets as rules, stored once per workspace (an Admin may edit or delete them).</summary>
public static class DefaultAlertRules
{
    private const string Taxonomy = DqMetricCatalog.TaxonomySource;

    public static IReadOnlyList<AlertRuleDraft> All { get; } =
    [
        Threshold("Unknown channel share above 15%", "unknown_share", ThresholdOperator.Gt, 0.15),
        Threshold("Mean touchpoint confidence below 0.7", "mean_confidence", ThresholdOperator.Lt, 0.7),
        Threshold("Source coverage below 80%", "source_coverage", ThresholdOperator.Lt, 0.80),
        Threshold("Medium coverage below 75%", "medium_coverage", ThresholdOperator.Lt, 0.75),
        Threshold("Low-confidence share above 25%", "low_confidence_share", ThresholdOperator.Gt, 0.25),
        new("No new journeys for 24 h", "freshness_hours", DqMetricCatalog.JourneysSource, AlertRuleType.MissingForHours, null, 24,
            null, null, AlertSeverity.Critical, true, []),
    ];

    private static AlertRuleDraft Threshold(string name, string metric, ThresholdOperator op, double threshold) =>
        new(name, metric, Taxonomy, AlertRuleType.Threshold, op, threshold, null, null, AlertSeverity.Warning, true, []);
}
