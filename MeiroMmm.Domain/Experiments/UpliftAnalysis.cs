using static System.FormattableString;

namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// Rates, absolute and relative uplift with 95% intervals, the pooled z-test and the SRM check for one comparison of
/// treatment against control (intention-to-treat on assignments, or per-protocol on exposed profiles).
/// </summary>
public static class UpliftAnalysis
{
    /// <summary>Fewer profiles than this in either group, or no conversions at all, is reported as insufficient data.</summary>
    public const int MinimumProfilesPerGroup = 30;

    public static IReadOnlyList<InputProblem> Problems(GroupTotals treatment, GroupTotals control, double treatmentRate)
    {
        var problems = new List<InputProblem>();
        problems.AddRange(treatment.Problems("treatment"));
        problems.AddRange(control.Problems("control"));
        if (!(treatmentRate > 0 && treatmentRate < 1))
            problems.Add(new("treatment_rate", Invariant($"treatment_rate must lie strictly between 0 and 1, not {treatmentRate}.")));
        return problems;
    }

    /// <summary>The statistics for valid counts (see <see cref="Problems"/>); <paramref name="confidence"/> sets every interval.</summary>
    public static UpliftReport Analyze(GroupTotals treatment, GroupTotals control, double treatmentRate, double confidence = 0.95)
    {
        var problems = Problems(treatment, control, treatmentRate);
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems.Select(p => p.Message)));
        if (!(confidence > 0 && confidence < 1)) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must lie strictly between 0 and 1.");
        double z = StandardNormal.TwoSidedCritical(1 - confidence);
        double pt = treatment.Rate, pc = control.Rate;
        double? ratio = control.Conversions > 0 ? pt / pc : null;
        var ratioCi = ProportionIntervals.KatzRatio(treatment, control, z);
        return new UpliftReport(
            treatment, control, pt, pc, pt - pc,
            ProportionIntervals.NewcombeDifference(treatment, control, z),
            ProportionIntervals.WaldDifference(treatment, control, z),
            ratio, ratio - 1.0, ratioCi?.Shift(-1.0),
            TwoProportionZTest.Test(treatment, control),
            SampleRatioMismatch.Test(treatment.Profiles, control.Profiles, treatmentRate),
            treatment.Profiles < MinimumProfilesPerGroup || control.Profiles < MinimumProfilesPerGroup
                || treatment.Conversions + control.Conversions == 0);
    }
}
