using static System.FormattableString;

namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// A holdout's result as an MMM lift test (Mmm.Model.LiftTest: spend x per period changed by Δx changed the KPI by Δy
/// per period, standard error σ). Without the channel the treatment group would have had no spend, so x = 0 and
/// Δx = the spend on the treatment group per model period; Δy = the value uplift per profile × treatment profiles per
/// period, σ its standard error scaled the same way. The experiment's period count is its duration over the model's
/// period (7 days for weekly data).
/// </summary>
public sealed record ExperimentLiftTest(string Channel, double X, double DeltaX, double DeltaY, double Sigma, double Periods)
{
    /// <param name="valueUplift">Treatment minus control value per profile (Welch), null when not available.</param>
    /// <param name="standardError">Its standard error.</param>
    public static IReadOnlyList<InputProblem> Problems(double spend, double durationDays, double periodDays, double? valueUplift, double? standardError, long treatmentProfiles)
    {
        var problems = new List<InputProblem>();
        if (!(spend > 0 && double.IsFinite(spend))) problems.Add(new("spend", Invariant($"spend must be the positive amount spent on the treatment group, not {spend}.")));
        if (!(periodDays > 0 && double.IsFinite(periodDays))) problems.Add(new("period_days", Invariant($"period_days must be positive (7 for weekly data), not {periodDays}.")));
        if (!(durationDays > 0)) problems.Add(new("experiment", "The experiment has no duration: its end must be after its start."));
        if (valueUplift is null || treatmentProfiles < 2) problems.Add(new("experiment", "The experiment needs value per profile in both groups (at least two profiles each)."));
        else if (!(standardError > 0)) problems.Add(new("experiment", "Value per profile has no variance in either group, so the lift has no standard error."));
        else if (valueUplift == 0) problems.Add(new("experiment", "The measured value uplift is exactly zero: an MMM lift test needs a non-zero change."));
        return problems;
    }

    public static ExperimentLiftTest FromHoldout(string channel, double spend, double durationDays, double periodDays, double valueUplift, double standardError, long treatmentProfiles)
    {
        var problems = Problems(spend, durationDays, periodDays, valueUplift, standardError, treatmentProfiles);
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems.Select(p => p.Message)));
        double periods = durationDays / periodDays;
        double perPeriod = treatmentProfiles / periods;
        return new(channel, 0, spend / periods, valueUplift * perPeriod, standardError * perPeriod, periods);
    }

    /// <summary>
    /// A channel's pooled value uplift per treated profile (a meta-analysis of its experiments) as one lift test for an
    /// MMM period in which <paramref name="profilesPerPeriod"/> profiles receive the channel at
    /// <paramref name="costPerProfile"/> each: x = 0, Δx = cost × profiles, Δy = uplift × profiles, σ = its SE × profiles.
    /// </summary>
    public static ExperimentLiftTest FromPooled(string channel, PooledEffect valueUplift, double profilesPerPeriod, double costPerProfile)
    {
        if (!(profilesPerPeriod > 0 && double.IsFinite(profilesPerPeriod))) throw new ArgumentOutOfRangeException(nameof(profilesPerPeriod), profilesPerPeriod, "profiles_per_period must be positive.");
        if (!(costPerProfile > 0 && double.IsFinite(costPerProfile))) throw new ArgumentOutOfRangeException(nameof(costPerProfile), costPerProfile, "cost_per_profile must be positive.");
        return new(channel, 0, costPerProfile * profilesPerPeriod, valueUplift.Estimate * profilesPerPeriod, valueUplift.StandardError * profilesPerPeriod, 1);
    }
}
