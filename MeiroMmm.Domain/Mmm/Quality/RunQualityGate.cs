using System.Globalization;

namespace MeiroMmm.Domain.Mmm.Quality;

/// <summary>
/// Grades a completed MMM run as not usable, directional or usable before its numbers may drive a budget. Each rule
/// (convergence, effective sample size, divergences, fit, ROAS interval width, unmapped spend, prior dominance) may cap
/// the grade; the run gets the lowest cap. Pure: everything it needs comes in <see cref="RunQualityInput"/>.
/// </summary>
public static class RunQualityGate
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static RunQuality Assess(RunQualityInput run, RunQualityThresholds? thresholds = null)
    {
        var t = thresholds ?? new RunQualityThresholds();
        var shifts = PriorShifts(run, t);
        var reasons = new List<QualityReason>();
        if (run.Sampled) reasons.AddRange(Convergence(run, t));
        else reasons.Add(new("laplace_preview", RunGrade.Directional,
            "A quick Laplace preview: an approximation without convergence checks. Run a full (NUTS) fit before deciding budgets."));
        reasons.AddRange(Fit(run, t));
        reasons.AddRange(RoasIntervals(run, t));
        reasons.AddRange(UnmappedSpend(run, t));
        var dominated = shifts.Where(s => s.PriorDominates).Select(s => s.Parameter).ToList();
        if (dominated.Count > 0)
            reasons.Add(new("prior_dominates", RunGrade.Directional,
                $"The data barely moved {dominated.Count} media parameter(s) from their priors (posterior variance over {100 * (1 - t.MinContraction):0} % of the prior's): "
                + $"{string.Join(", ", dominated)}. Their channels' effects mostly repeat the prior's assumptions."));
        var grade = reasons.Count == 0 ? RunGrade.Usable : reasons.Min(r => r.Caps);
        return new RunQuality(grade, reasons, shifts);
    }

    private static IEnumerable<QualityReason> Convergence(RunQualityInput run, RunQualityThresholds t)
    {
        var d = run.Diagnostics;
        if (!double.IsFinite(d.RhatMax) || d.RhatMax > t.RhatDirectional)
            yield return new("rhat", !double.IsFinite(d.RhatMax) || d.RhatMax > t.RhatNotUsable ? RunGrade.NotUsable : RunGrade.Directional,
                double.IsFinite(d.RhatMax)
                    ? $"Max R-hat {F(d.RhatMax, "0.000")} is above {F(t.RhatDirectional, "0.00")}: the chains do not agree{(d.RhatMax > t.RhatNotUsable ? $" (above {F(t.RhatNotUsable, "0.00")}: they describe different posteriors)" : "")}."
                    : "R-hat could not be computed (one chain, or a parameter that never moved): convergence is unchecked.");
        foreach (var (name, ess) in new[] { ("bulk", d.EssBulkMin), ("tail", d.EssTailMin) })
            if (!double.IsFinite(ess) || ess < t.EssDirectional)
                yield return new($"ess_{name}", !double.IsFinite(ess) || ess < t.EssNotUsable ? RunGrade.NotUsable : RunGrade.Directional,
                    $"Min {name} ESS {(double.IsFinite(ess) ? F(ess, "N0") : "n/a")} is below {F(t.EssDirectional, "N0")}"
                    + (name == "bulk" && d.EssBulkMinParameter is { } p ? $" (worst: {p})" : "")
                    + ": means and 90% intervals rest on too few independent draws; run more draws.");
        if (d.Divergences >= t.DivergencesDirectional)
        {
            double share = run.TotalDraws > 0 ? (double)d.Divergences / run.TotalDraws : 1;
            yield return new("divergences", share > t.DivergentShareNotUsable ? RunGrade.NotUsable : RunGrade.Directional,
                $"{d.Divergences:N0} divergent transitions ({F(100 * share, "0.0")} % of draws): parts of the posterior may be missed; raise target accept or simplify the model.");
        }
    }

    private static IEnumerable<QualityReason> Fit(RunQualityInput run, RunQualityThresholds t)
    {
        var f = run.Fit;
        if (!double.IsFinite(f.R2) || f.R2 < t.R2Directional)
            yield return new("fit_r2", !double.IsFinite(f.R2) || f.R2 < t.R2NotUsable ? RunGrade.NotUsable : RunGrade.Directional,
                $"R² {F(f.R2, "0.00")} is below {F(t.R2Directional, "0.00")}: the model explains too little of the KPI's variation to split it reliably between channels.");
        if (!double.IsFinite(f.Mape) || f.Mape > t.MapeDirectional)
            yield return new("fit_mape", !double.IsFinite(f.Mape) || f.Mape > t.MapeNotUsable ? RunGrade.NotUsable : RunGrade.Directional,
                $"MAPE {F(100 * f.Mape, "0.0")} % is above {F(100 * t.MapeDirectional, "0")} %: the model misses the KPI by that much per period on average.");
    }

    private static IEnumerable<QualityReason> RoasIntervals(RunQualityInput run, RunQualityThresholds t)
    {
        double totalSpend = run.Channels.Sum(c => c.Spend);
        var wide = run.Channels.Where(c => !double.IsFinite(c.RoasMean) || c.RoasQ95 - c.RoasQ05 > t.RoasIntervalWidthRatio * Math.Abs(c.RoasMean)).ToList();
        if (wide.Count == 0) yield break;
        double share = totalSpend > 0 ? wide.Sum(c => c.Spend) / totalSpend : 1;
        yield return new("roas_interval", share > t.WideRoasSpendShareNotUsable ? RunGrade.NotUsable : RunGrade.Directional,
            $"The 90% ROAS interval is more than {F(t.RoasIntervalWidthRatio, "0.#")}× the estimate for "
            + string.Join(", ", wide.Select(c => $"{c.Channel} ({F(c.RoasQ05, "0.00")}–{F(c.RoasQ95, "0.00")} around {F(c.RoasMean, "0.00")})"))
            + $"; these channels hold {F(100 * share, "0")} % of spend.");
    }

    private static IEnumerable<QualityReason> UnmappedSpend(RunQualityInput run, RunQualityThresholds t)
    {
        if (run.UnmappedSpendShare <= t.UnmappedSpendDirectional) yield break;
        yield return new("unmapped_spend", run.UnmappedSpendShare > t.UnmappedSpendNotUsable ? RunGrade.NotUsable : RunGrade.Directional,
            $"{F(100 * run.UnmappedSpendShare, "0.0")} % of the dataset's spend is in columns this model leaves out: its effect is folded into the baseline and other channels.");
    }

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

    private static string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, Inv) : "n/a";
}
