using static System.FormattableString;

namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// Sample size for a two-sided two-proportion test with unequal allocation, or the MDE a given size achieves, plus the
/// duration at a given daily traffic. Invalid input comes back as problems that name the field.
/// </summary>
public static class PowerAnalysis
{
    public static (PowerAnalysisResult? Result, IReadOnlyList<InputProblem> Problems) Run(PowerAnalysisRequest request)
    {
        var problems = request.Problems();
        if (problems.Count > 0) return (null, problems);
        if (request.Mde is { } mde) return (SampleSize(request, mde), []);

        double nControl = request.NPerGroup ?? throw new InvalidOperationException("Problems() guarantees mde or n_per_group.");
        double ratio = TwoProportionSampleSize.AllocationRatio(request.TreatmentRate);
        double? lift = request.Method == PowerMethod.Fleiss
            ? MinimumDetectableEffect.Fleiss(request.BaselineRate, nControl, ratio, request.Alpha, request.Power)
            : MinimumDetectableEffect.CohensH(request.BaselineRate, nControl, ratio, request.Alpha, request.Power);
        if (lift is not { } d)
            return (null, [new("n_per_group", Invariant($"{nControl} profiles per group cannot detect any lift that keeps the treatment rate below 1 at this alpha and power."))]);
        long control = (long)Math.Ceiling(nControl);
        // r·n for a whole n is meant to be whole (t = 0.8, n = 20000 → 80000), but r carries rounding error
        // (4.000000000000001), so a 1e-12 relative slack keeps that error from adding a profile.
        long treatment = (long)Math.Ceiling(ratio * nControl * (1 - 1e-12));
        return (new PowerAnalysisResult(treatment, control, treatment + control, Days(request, treatment + control),
            request.Method, d, d / request.BaselineRate, request.MdeType), []);
    }

    private static PowerAnalysisResult SampleSize(PowerAnalysisRequest request, double mde)
    {
        double p1 = request.BaselineRate, p2 = request.TreatmentRateUnderH1(mde);
        double ratio = TwoProportionSampleSize.AllocationRatio(request.TreatmentRate);
        double raw = request.Method == PowerMethod.Fleiss
            ? TwoProportionSampleSize.FleissControlSize(p1, p2, ratio, request.Alpha, request.Power)
            : TwoProportionSampleSize.CohensHControlSize(TwoProportionSampleSize.CohensH(p2, p1), ratio, request.Alpha, request.Power);
        // Each group rounds up on its own: ceil(r·raw), not r·ceil(raw) (Hmisc bsamsize, statsmodels).
        long control = (long)Math.Ceiling(raw);
        long treatment = (long)Math.Ceiling(ratio * raw);
        return new PowerAnalysisResult(treatment, control, treatment + control, Days(request, treatment + control), request.Method);
    }

    /// <summary>
    /// Whole days until both groups are full, when every eligible profile of a day is assigned (to treatment with
    /// probability t): ceil(n_total / daily_eligible).
    /// </summary>
    private static long? Days(PowerAnalysisRequest request, long total) =>
        request.DailyEligible is { } daily ? (long)Math.Ceiling(total / daily) : null;
}
