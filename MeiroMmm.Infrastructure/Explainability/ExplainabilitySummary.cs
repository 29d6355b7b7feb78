using MeiroMmm.Domain.Explainability;

namespace MeiroMmm.Infrastructure.Explainability;

/// <summary>One period's totals: journeys, converting journeys, conversion value and (when a spend series covers it) spend.</summary>
public sealed record PeriodTotals(DateOnly From, DateOnly To, int Journeys, int Conversions, double Value, double? Spend);

/// <summary>The decompositions: conversions and value always; paid ROAS only when both periods have spend (else why not).</summary>
public sealed record ExplainedMetrics(MetricDecomposition Conversions, MetricDecomposition Value, MetricDecomposition? Roas, string? RoasUnavailable);

/// <summary>Data-quality confidence of each period.</summary>
public sealed record PeriodDataQuality(DataQualityConfidence Compare, DataQualityConfidence Current);

/// <summary>
/// GET /api/explainability/summary: why a metric changed between two periods. Every number in <see cref="Narrative"/>
/// is one of these fields (each sentence lists their JSON paths).
/// </summary>
public sealed record ExplainabilitySummary(
    string Scope,
    PeriodTotals Current,
    PeriodTotals Compare,
    ExplainedMetrics Metrics,
    Comparability Comparability,
    ConfigChange? ConfigChange,
    TaxonomyChange? TaxonomyChange,
    PeriodDataQuality DataQuality,
    string? SpendDataset,
    IReadOnlyList<NarrativeSentence> Narrative);

/// <summary>The default periods: the newest 28 days with journeys and the 28 days before them (null without journeys).</summary>
public sealed record DefaultPeriods(DateOnly From, DateOnly To, DateOnly CompareFrom, DateOnly CompareTo);
