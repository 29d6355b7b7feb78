namespace MeiroMmm.Domain.DataQuality;

/// <summary>Every metric the DQ run stores as snapshots. Keys are stable: alert rules and integrators refer to them.</summary>
public static class DqMetricCatalog
{
    public const string TaxonomySource = "taxonomy", JourneysSource = "journeys", SpendSource = "spend";

    public static readonly DqMetricDefinition UnknownShare = new("unknown_share", "Unknown channel share", DqUnit.Fraction, TaxonomySource,
        "Share of stored touchpoints the current taxonomy maps to no channel.");
    public static readonly DqMetricDefinition MeanConfidence = new("mean_confidence", "Mean mapping confidence", DqUnit.Score, TaxonomySource,
        "Average confidence (0–1) of the channel mapping over all touchpoints; 1 means source and medium both matched a rule.");
    public static readonly DqMetricDefinition LowConfidenceShare = new("low_confidence_share", "Low-confidence share", DqUnit.Fraction, TaxonomySource,
        "Share of touchpoints mapped with confidence below 0.5 (alias or fuzzy matches fall back to unknown).");
    public static readonly DqMetricDefinition SourceCoverage = new("source_coverage", "Source coverage", DqUnit.Fraction, TaxonomySource,
        "Share of touchpoints whose utm_source is set and maps to a channel.");
    public static readonly DqMetricDefinition MediumCoverage = new("medium_coverage", "Medium coverage", DqUnit.Fraction, TaxonomySource,
        "Share of touchpoints whose utm_medium is set and maps to a channel.");
    public static readonly DqMetricDefinition UnmappedPairs = new("unmapped_pairs", "Unmapped source/medium pairs", DqUnit.Count, TaxonomySource,
        "Distinct source/medium pairs that no rule maps; a new one usually means a new campaign with a new tag.");
    public static readonly DqMetricDefinition Freshness = new("freshness_hours", "Hours since the latest data", DqUnit.Hours, "journeys | spend",
        "Hours between the DQ run and the newest journey (conversion or last touch) or the end of the newest MMM spend period.");
    public static readonly DqMetricDefinition MissingValueRate = new("missing_value_rate", "Missing-value rate", DqUnit.Fraction, "journeys | spend",
        "Journeys: share of journeys missing a required field (profile, a touch timestamp, the conversion time of a conversion). Spend: share of empty or non-finite cells in MMM dataset columns.");
    public static readonly DqMetricDefinition DuplicateRate = new("duplicate_rate", "Duplicate rate", DqUnit.Fraction, JourneysSource,
        "Share of journeys that repeat another journey's profile, conversion time and channel path: double imports.");
    public static readonly DqMetricDefinition JourneyVolume = new("journey_volume", "Journeys per day", DqUnit.Count, JourneysSource,
        "Journeys whose conversion (or last touch) falls on the day; one snapshot per day.");
    public static readonly DqMetricDefinition ConversionVolume = new("conversion_volume", "Conversions per day", DqUnit.Count, JourneysSource,
        "Converting journeys on the day; one snapshot per day.");
    public static readonly DqMetricDefinition JourneyVolumeVsAverage = new("journey_volume_vs_avg", "Journeys vs 28-day average", DqUnit.Ratio, JourneysSource,
        "Journeys on the newest day with data divided by the average of the 28 days before it; 1 is a usual day.");
    public static readonly DqMetricDefinition ConversionVolumeVsAverage = new("conversion_volume_vs_avg", "Conversions vs 28-day average", DqUnit.Ratio, JourneysSource,
        "Conversions on the newest day with data divided by the average of the 28 days before it.");
    public static readonly DqMetricDefinition Spend = new("spend", "Spend per period", DqUnit.Money, "<spend column>",
        "Spend of one channel in one period of the newest MMM dataset; one snapshot per period.");
    public static readonly DqMetricDefinition SpendVsAverage = new("spend_vs_avg", "Spend vs trailing average", DqUnit.Ratio, "<spend column>",
        "Spend of the newest period divided by the average of the 4 periods before it; 1 is usual, 0 means the channel went dark.");
    public static readonly DqMetricDefinition DatasetGaps = new("mmm_dataset_gaps", "MMM dataset gaps", DqUnit.Count, "<dataset name>",
        "Periods missing from an MMM dataset's calendar plus periods with an empty or non-finite value.");

    public static IReadOnlyList<DqMetricDefinition> All { get; } =
    [
        UnknownShare, MeanConfidence, LowConfidenceShare, SourceCoverage, MediumCoverage, UnmappedPairs,
        Freshness, MissingValueRate, DuplicateRate, JourneyVolume, ConversionVolume, JourneyVolumeVsAverage,
        ConversionVolumeVsAverage, Spend, SpendVsAverage, DatasetGaps,
    ];

    /// <summary>The six metrics <c>POST /api/taxonomy/compute-dq</c> stores.</summary>
    public static IReadOnlyList<DqMetricDefinition> Taxonomy { get; } =
        [UnknownShare, MeanConfidence, LowConfidenceShare, SourceCoverage, MediumCoverage, UnmappedPairs];

    private static readonly Dictionary<string, DqMetricDefinition> ByKey = All.ToDictionary(m => m.Key, StringComparer.Ordinal);

    public static bool IsKnown(string key) => ByKey.ContainsKey(key);

    public static DqMetricDefinition? Find(string key) => ByKey.GetValueOrDefault(key);
}
