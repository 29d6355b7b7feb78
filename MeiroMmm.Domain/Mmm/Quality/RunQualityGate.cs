namespace MeiroMmm.Domain.Mmm.Quality;

/// <summary>
/// Grades a completed MMM run as not usable, directional or usable before its numbers may drive a budget. It has no
/// rules of its own: it reads the findings of <see cref="RunDiagnosticsAdvisor"/> (convergence, effective sample size,
/// divergences, E-BFMI, fit, ROAS interval width, unmapped spend, prior dominance, Laplace preview), where a warning
/// caps the grade at directional and a problem at not usable; info findings do not count. The run gets the lowest cap.
/// </summary>
public static class RunQualityGate
{
    public static RunQuality Assess(RunQualityInput run, RunQualityThresholds? thresholds = null)
    {
        var t = thresholds ?? new RunQualityThresholds();
        var findings = RunDiagnosticsAdvisor.Assess(run, t).OrderByDescending(f => f.Severity).ToList();
        var reasons = findings.Where(f => f.Severity != DiagnosticSeverity.Info)
            .Select(f => new QualityReason(f.Code, Cap(f.Severity), f.Message, f.Subject, f.Meaning, f.Action)).ToList();
        var grade = reasons.Count == 0 ? RunGrade.Usable : reasons.Min(r => r.Caps);
        return new RunQuality(grade, reasons, PriorShifts(run, t)) { Findings = findings };
    }

    /// <summary>The grade a finding of this severity allows at most.</summary>
    public static RunGrade Cap(DiagnosticSeverity severity) => severity == DiagnosticSeverity.Problem ? RunGrade.NotUsable : RunGrade.Directional;

    /// <summary>Prior vs posterior for every media (adstock_/saturation_) parameter whose prior has a finite variance.</summary>
    public static IReadOnlyList<PriorPosteriorShift> PriorShifts(RunQualityInput run, RunQualityThresholds? thresholds = null)
    {
        var t = thresholds ?? new RunQualityThresholds();
        var shifts = new List<PriorPosteriorShift>();
        foreach (var p in run.Parameters)
        {
            if (!p.Name.StartsWith("adstock_", StringComparison.Ordinal) && !p.Name.StartsWith("saturation_", StringComparison.Ordinal)) continue;
            if (!run.Priors.TryGetValue(p.Name, out var prior) || PriorMoments.Of(prior) is not { } moments || moments.Sd <= 0) continue;
            double contraction = 1 - p.Summary.Sd * p.Summary.Sd / (moments.Sd * moments.Sd);
            double shift = Math.Abs(p.Summary.Mean - moments.Mean) / moments.Sd;
            shifts.Add(new PriorPosteriorShift(p.Name, moments.Mean, moments.Sd, p.Summary.Mean, p.Summary.Sd, contraction, shift, contraction < t.MinContraction));
        }
        return shifts;
    }
}
