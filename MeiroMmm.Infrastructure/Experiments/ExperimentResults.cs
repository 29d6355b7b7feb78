using MeiroMmm.Domain.Experiments;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>
/// The statistics of one experiment: intention-to-treat on every assigned profile, per-protocol on exposed treatment
/// profiles against all control, and value per profile. A view is null (with <c>Note</c> saying why) until each
/// group it compares has at least one profile.
/// </summary>
public sealed record ExperimentResults(
    int ExperimentId, string Key, ExperimentStatus Status, double TreatmentRate, DateTimeOffset ComputedAt,
    UpliftSummary? IntentionToTreat, UpliftSummary? PerProtocol, ValueComparison? ValuePerProfile,
    long ExposedTreatment, double? ExposureCoverage, string? Note,
    long OutcomesOutsideWindow = 0, IReadOnlyList<ExperimentAlertRow>? Alerts = null);

/// <summary>A nightly-report alert as stored with the day's results (level and kind snake_case, as the API names them).</summary>
public sealed record ExperimentAlertRow(string Kind, string Level, string Message)
{
    public static ExperimentAlertRow From(ExperimentAlert alert) => new(alert.Kind, alert.Level.ToString().ToLowerInvariant(), alert.Message);
}
