using static System.FormattableString;

namespace MeiroMmm.Domain.Experiments;

/// <summary>How loud an experiment alert is: the seed's nightly report levels.</summary>
public enum ExperimentAlertLevel { Info, Success, Warning, Error }

/// <summary>
/// One alert of the nightly report. <see cref="Kind"/> is stable (<c>insufficient_data</c>, <c>significant_positive</c>,
/// <c>significant_negative</c>, <c>sample_ratio_mismatch</c>, <c>stale</c>, <c>computation_failed</c>), so an inbox can
/// fingerprint it per experiment and not raise the same alert every night.
/// </summary>
public sealed record ExperimentAlert(string Kind, ExperimentAlertLevel Level, string Message);

/// <summary>When the nightly report may speak: not before <see cref="MinimumDays"/> and <see cref="MinimumPerGroup"/> profiles per group.</summary>
public sealed record ExperimentAlertSettings(int MinimumDays = 7, long MinimumPerGroup = 100, double StaleHours = 48, double Alpha = 0.05);

/// <summary>What the policy looks at for one running experiment.</summary>
/// <param name="Itt">Intention-to-treat results; null while a group is still empty.</param>
/// <param name="AlwaysValidP">The mSPRT p-value over the nightly looks (<see cref="SequentialMonitor"/>); null before the first look.</param>
/// <param name="LastActivity">Latest assignment, exposure or outcome; null when nothing was ever recorded.</param>
public sealed record ExperimentCheck(UpliftReport? Itt, double? AlwaysValidP, DateTimeOffset StartAt, DateTimeOffset? LastActivity, DateTimeOffset Now);

/// <summary>
/// The nightly report's alert rules. Significance is judged on the always-valid (mSPRT) p-value, because the report
/// looks every night and a fixed-horizon p-value peeked at daily would cry wolf far more often than α; and not before
/// the minimum duration and group size, since early looks at small groups mislead even when valid. A sample-ratio
/// mismatch and stale ingestion are pipeline faults, raised whenever they are seen.
/// </summary>
public static class ExperimentAlertPolicy
{
    public static IReadOnlyList<ExperimentAlert> Evaluate(ExperimentCheck check, ExperimentAlertSettings settings)
    {
        var alerts = new List<ExperimentAlert>();
        double days = (check.Now - check.StartAt).TotalDays;
        var itt = check.Itt;
        if (itt is null || itt.InsufficientData)
        {
            alerts.Add(new("insufficient_data", ExperimentAlertLevel.Info, itt is null
                ? "No results yet: each group needs at least one assigned profile."
                : Invariant($"Insufficient data: {itt.Treatment.Profiles:N0} treatment and {itt.Control.Profiles:N0} control profiles, {itt.Treatment.Conversions + itt.Control.Conversions:N0} conversions; each group needs 30 profiles and some conversions.")));
        }
        else
        {
            if (itt.Srm.Flagged)
                alerts.Add(new("sample_ratio_mismatch", ExperimentAlertLevel.Warning,
                    Invariant($"Sample ratio mismatch (p = {itt.Srm.PValue:0.#####}): the group sizes do not match the treatment rate; check assignment and ingestion before trusting the uplift.")));
            bool mature = days >= settings.MinimumDays && Math.Min(itt.Treatment.Profiles, itt.Control.Profiles) >= settings.MinimumPerGroup;
            if (mature && check.AlwaysValidP is { } p && p < settings.Alpha)
            {
                bool positive = itt.AbsoluteUplift > 0;
                string direction = positive ? "positive" : "negative";
                alerts.Add(new(positive ? "significant_positive" : "significant_negative", positive ? ExperimentAlertLevel.Success : ExperimentAlertLevel.Warning,
                    Invariant($"Significant {direction} uplift: {itt.AbsoluteUplift * 100:+0.00;-0.00} pp (95% CI {itt.NewcombeCi.Low * 100:0.00} to {itt.NewcombeCi.High * 100:0.00} pp), always-valid p = {p:0.####}.")));
            }
        }
        double idleHours = check.LastActivity is { } last ? (check.Now - last).TotalHours : days * 24;
        if (idleHours >= settings.StaleHours)
            alerts.Add(new("stale", ExperimentAlertLevel.Warning, check.LastActivity is null
                ? Invariant($"Nothing recorded for {idleHours:0} h since the start: no assignments, exposures or outcomes.")
                : Invariant($"No new assignments, exposures or outcomes for {idleHours:0} h: check the feed from the messaging system.")));
        return alerts;
    }
}
