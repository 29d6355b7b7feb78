using System.Globalization;

namespace MeiroMmm.Domain.Explainability;

/// <summary>
/// Grades whether two periods can be compared. Each rule is a documented threshold (docs/EXPLAINABILITY.md):
/// an empty period → low; the active model config changed → medium (attributed numbers use different settings);
/// the taxonomy changed → low when ≥ <see cref="TaxonomyLowShare"/> of touchpoints moved channel, medium when any moved;
/// journey volume at least doubled or halved → medium; data-quality confidence dropped by ≥ <see cref="DqDropPoints"/>
/// points → medium, or to below 50 (Very low) → low.
/// </summary>
public static class ComparabilityAssessor
{
    public const double VolumeRatio = 2.0, TaxonomyLowShare = 0.05, DqDropPoints = 10, DqVeryLow = 50;

    public static Comparability Assess(int compareJourneys, int currentJourneys, double? compareDq, double? currentDq, ConfigChange? config, TaxonomyChange? taxonomy)
    {
        var reasons = new List<ComparabilityReason>();
        if (compareJourneys == 0 || currentJourneys == 0)
            reasons.Add(new("empty_period", Comparability.Low,
                $"The {(compareJourneys == 0 ? "comparison" : "current")} period has no journeys, so there is nothing to compare it with.", []));
        if (config is { Changes.Count: > 0 })
            reasons.Add(new("config_changed", Comparability.Medium,
                $"The active model config changed between the periods ({Name(config.CompareConfigId, config.CompareConfigName)} → {Name(config.CurrentConfigId, config.CurrentConfigName)}, {Count(config.Changes.Count, "setting")} changed): attributed numbers are computed with different settings.",
                config.Lines));
        if (taxonomy is { Changed: true })
            reasons.Add(TaxonomyReason(taxonomy));
        if (compareJourneys > 0 && currentJourneys > 0)
        {
            double ratio = (double)currentJourneys / compareJourneys;
            if (ratio >= VolumeRatio || ratio <= 1 / VolumeRatio)
                reasons.Add(new("volume_shift", Comparability.Medium,
                    $"Journey volume {(ratio >= 1 ? "grew" : "fell")} from {N(compareJourneys)} to {N(currentJourneys)} (×{ratio.ToString("0.00", CultureInfo.InvariantCulture)}): the data may have been collected differently.", []));
        }
        if (compareDq is { } before && currentDq is { } after && before - after >= DqDropPoints)
            reasons.Add(new("dq_dropped", after < DqVeryLow ? Comparability.Low : Comparability.Medium,
                $"Data-quality confidence dropped from {before.ToString("0", CultureInfo.InvariantCulture)} to {after.ToString("0", CultureInfo.InvariantCulture)} out of 100.", []));
        string level = reasons.Any(r => r.Severity == Comparability.Low) ? Comparability.Low
            : reasons.Any(r => r.Severity == Comparability.Medium) ? Comparability.Medium : Comparability.High;
        return new Comparability(level, reasons);
    }

    private static ComparabilityReason TaxonomyReason(TaxonomyChange t)
    {
        string severity = t.MovedTouchpoints == 0 ? Comparability.Info : t.MovedShare >= TaxonomyLowShare ? Comparability.Low : Comparability.Medium;
        string versions = $"version {t.CompareVersion?.ToString(CultureInfo.InvariantCulture) ?? "none"} → {t.CurrentVersion?.ToString(CultureInfo.InvariantCulture) ?? "none"}";
        string message = t.MovedTouchpoints == 0
            ? $"The channel taxonomy changed ({versions}), but none of the periods' {N(t.Touchpoints)} touchpoints moved channel."
            : $"The channel taxonomy changed ({versions}): {N(t.MovedTouchpoints)} of the periods' {N(t.Touchpoints)} touchpoints ({(100 * t.MovedShare).ToString("0.0", CultureInfo.InvariantCulture)}%) map to a different channel.";
        return new ComparabilityReason("taxonomy_changed", severity, message, []);
    }

    private static string Name(int? id, string? name) => id is null ? "none" : $"#{id} {name}";

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
