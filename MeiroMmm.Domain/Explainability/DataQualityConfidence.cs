namespace MeiroMmm.Domain.Explainability;

/// <summary>
/// A 0–100 data-quality confidence and its band (High ≥ 85, Medium ≥ 70, Low ≥ 50, else Very low), from
/// <see cref="DataQualityInputs"/>. Each input scores in [0, 1] by a documented linear ramp, and the score is their
/// weighted mean × 100 over the inputs that were measured (null when none was). Weights and ramps are in
/// docs/EXPLAINABILITY.md; they are a policy, not an estimate.
/// </summary>
public sealed record DataQualityConfidence(double? Score, string Band, IReadOnlyList<DataQualityComponent> Components, DateTimeOffset? AsOf)
{
    public const string High = "High", Medium = "Medium", Low = "Low", VeryLow = "Very low", NotMeasured = "Not measured";

    // Mapping carries most weight: an unmapped touchpoint moves credit to "unknown" directly.
    public const double MatchWeight = 0.40, FreshnessWeight = 0.20, MissingWeight = 0.20, DuplicateWeight = 0.20;
    /// <summary>Match rate ramps from 0 at 50% mapped to 1 at 100% mapped.</summary>
    public const double MatchFloor = 0.5;
    /// <summary>Freshness is full up to a day old and reaches 0 at a week old.</summary>
    public const double FreshHours = 24, StaleHours = 168;
    /// <summary>10% of journeys missing a required field, or 5% duplicated, scores 0.</summary>
    public const double MissingCeiling = 0.10, DuplicateCeiling = 0.05;

    public static DataQualityConfidence From(DataQualityInputs inputs)
    {
        var raw = new (string Key, string Label, double? Measured, double? Score, double Weight)[]
        {
            ("match_rate", "Match rate", inputs.MatchRate, inputs.MatchRate is { } m ? Ramp((m - MatchFloor) / (1 - MatchFloor)) : null, MatchWeight),
            ("freshness", "Freshness", inputs.FreshnessHours, inputs.FreshnessHours is { } h ? Ramp((StaleHours - h) / (StaleHours - FreshHours)) : null, FreshnessWeight),
            ("missing_rate", "Missing values", inputs.MissingRate, inputs.MissingRate is { } r ? Ramp(1 - r / MissingCeiling) : null, MissingWeight),
            ("duplicate_rate", "Duplicates", inputs.DuplicateRate, inputs.DuplicateRate is { } d ? Ramp(1 - d / DuplicateCeiling) : null, DuplicateWeight),
        };
        double measuredWeight = raw.Where(c => c.Score is not null).Sum(c => c.Weight);
        var components = raw.Select(c => new DataQualityComponent(c.Key, c.Label, c.Measured, c.Score, c.Weight,
            c.Score is null || measuredWeight == 0 ? 0 : c.Weight / measuredWeight)).ToList();
        if (measuredWeight == 0) return new DataQualityConfidence(null, NotMeasured, components, inputs.AsOf);
        double score = 100 * components.Where(c => c.Score is not null).Sum(c => c.AppliedWeight * (c.Score ?? 0));
        return new DataQualityConfidence(score, BandOf(score), components, inputs.AsOf);
    }

    public static string BandOf(double score) => score >= 85 ? High : score >= 70 ? Medium : score >= 50 ? Low : VeryLow;

    private static double Ramp(double x) => Math.Clamp(x, 0, 1);
}
