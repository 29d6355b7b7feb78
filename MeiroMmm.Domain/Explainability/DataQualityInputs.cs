namespace MeiroMmm.Domain.Explainability;

/// <summary>
/// The measured data-quality figures a confidence score rests on (each null when not measured): the share of touchpoints
/// the taxonomy maps to a channel (0–1), hours since the newest data when measured, and the shares of journeys missing
/// a required field and of duplicate journeys (0–1). <see cref="AsOf"/> is when they were measured.
/// </summary>
public sealed record DataQualityInputs(double? MatchRate, double? FreshnessHours, double? MissingRate, double? DuplicateRate, DateTimeOffset? AsOf = null);
