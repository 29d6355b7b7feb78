using System.Globalization;
using MeiroMmm.Domain.Mmm.Fitting;

namespace MeiroMmm.Domain.Mmm.Quality;

/// <summary>
/// The one set of rules about a fit: turns its numbers (sampler diagnostics, parameter summaries, fit quality, ROAS
/// intervals, left-out spend, prior influence) into findings a marketer can act on, e.g. "3 divergent transitions:
/// increase target accept or simplify priors" or "R-hat 1.04 on adstock_alpha[tv_spend]: run longer". Each finding's
/// severity is also its verdict: <see cref="RunQualityGate"/> grades a run from these findings alone, so the diagnostics
/// list, the grade, the API and the optimizer's refusal always agree. Pure. Long because it holds every rule, each a few lines.
/// </summary>
public static class RunDiagnosticsAdvisor
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<RunDiagnostic> Assess(RunQualityInput run, RunQualityThresholds? thresholds = null)
    {
        var t = thresholds ?? new RunQualityThresholds();
        var findings = new List<RunDiagnostic>();
        if (!run.Sampled)
            findings.Add(new("laplace_preview", DiagnosticSeverity.Warning, null, "Quick preview (Laplace approximation), not a full posterior.",
                "The numbers come from a normal approximation around the most likely parameters, without convergence checks: intervals may be too narrow or lopsided.",
                "Run a full fit (NUTS) before deciding budgets."));
        else
        {
            findings.AddRange(Convergence(run.Chains, run.Parameters, t));
            findings.AddRange(Sampler(run.TotalDraws, run.Diagnostics, t));
        }
        findings.AddRange(FitQualityFindings(run.Fit, t));
        findings.AddRange(RoasIntervals(run.Channels, t));
        findings.AddRange(UnmappedSpend(run.UnmappedSpendShare, t));
        findings.AddRange(PriorDominance(RunQualityGate.PriorShifts(run, t), t));
        return findings;
    }

    private static IEnumerable<RunDiagnostic> Convergence(int chains, IReadOnlyList<ParameterSummary> parameters, RunQualityThresholds t)
    {
        if (chains < 2)
        {
            yield return new("one_chain", DiagnosticSeverity.Warning, null, "One chain: R-hat cannot be computed.",
                "Agreement between chains is the main check that the sampler found the whole posterior; with one chain it is unchecked.",
                "Use at least 2 chains (4 is standard) for results you will act on.");
        }
        else
        {
            foreach (var p in parameters.Where(p => double.IsNaN(p.Summary.Rhat)).Take(t.MaxListedPerKind))
                yield return new("rhat", DiagnosticSeverity.Problem, p.Name, $"R-hat could not be computed on {p.Name}.",
                    "The parameter did not move in at least one chain, so the chains cannot be compared and convergence is unchecked.",
                    "Fit again with more warm-up; if it persists, check this parameter's prior and the column it belongs to.");
            var highRhat = parameters.Where(p => p.Summary.Rhat > t.RhatDirectional).OrderByDescending(p => p.Summary.Rhat).ToList();
            foreach (var p in highRhat.Take(t.MaxListedPerKind))
                yield return new("rhat", p.Summary.Rhat > t.RhatNotUsable ? DiagnosticSeverity.Problem : DiagnosticSeverity.Warning, p.Name,
                    $"R-hat {Rhat(p.Summary.Rhat, t)} on {p.Name}.",
                    $"The chains disagree about this parameter (above {t.RhatDirectional.ToString("0.00", Inv)}), so its estimate and everything built on it is not settled"
                    + (p.Summary.Rhat > t.RhatNotUsable ? $"; above {t.RhatNotUsable.ToString("0.00", Inv)} they describe different posteriors." : "."),
                    "Run longer: more warm-up and draws; if it persists, tighten this parameter's prior.");
            if (highRhat.Count > t.MaxListedPerKind)
            {
                var rest = highRhat.Skip(t.MaxListedPerKind).ToList();
                yield return new("rhat", rest.Any(p => p.Summary.Rhat > t.RhatNotUsable) ? DiagnosticSeverity.Problem : DiagnosticSeverity.Warning, null,
                    $"{rest.Count} more parameters have R-hat above {t.RhatDirectional.ToString("0.00", Inv)}.",
                    "See the Parameters tab for each one.", "Run longer before reading the results.");
            }
        }

        foreach (var (code, kind, ess) in new[] { ("ess_bulk", "bulk", (Func<ParameterSummary, double>)(p => p.Summary.EssBulk)), ("ess_tail", "tail", p => p.Summary.EssTail) })
        {
            var low = parameters.Where(p => ess(p) < t.EssDirectional).OrderBy(ess).ToList();
            if (low.Count == 0) continue;
            var worst = low[0];
            string more = low.Count > 1 ? $" ({low.Count - 1} more parameter{(low.Count == 2 ? "" : "s")} below it too)" : "";
            yield return new(code, ess(worst) < t.EssNotUsable ? DiagnosticSeverity.Problem : DiagnosticSeverity.Warning, worst.Name,
                $"Low {kind} ESS: {ess(worst).ToString("N0", Inv)} effective draws on {worst.Name}{more}; at least {t.EssDirectional.ToString("N0", Inv)} wanted.",
                (kind == "bulk" ? "The draws are strongly correlated, so the means are rough" : "Few effectively independent draws in the tails, so the 90% intervals are rough")
                + (ess(worst) < t.EssNotUsable ? $"; below {t.EssNotUsable.ToString("N0", Inv)} they rest on a handful of draws." : "."),
                "Run more draws (or more chains); the estimates themselves may be fine.");
        }
    }

    private static IEnumerable<RunDiagnostic> Sampler(int keptDraws, FitDiagnostics d, RunQualityThresholds t)
    {
        if (d.Divergences >= t.DivergencesDirectional)
        {
            double share = keptDraws > 0 ? (double)d.Divergences / keptDraws : 1;
            yield return new("divergences", share > t.DivergentShareNotUsable ? DiagnosticSeverity.Problem : DiagnosticSeverity.Warning, null,
                $"{d.Divergences.ToString("N0", Inv)} divergent transition{(d.Divergences == 1 ? "" : "s")} ({(100 * share).ToString("0.0", Inv)} % of draws).",
                "The sampler hit regions it could not follow, so parts of the posterior may be missed and the intervals biased.",
                "Increase target accept (e.g. 0.95 or 0.99) or simplify priors (tighter adstock and saturation priors, fewer channels).");
        }
        for (int c = 0; c < d.Ebfmi.Count; c++)
            if (double.IsFinite(d.Ebfmi[c]) && d.Ebfmi[c] < t.EbfmiMin)
                yield return new("ebfmi", DiagnosticSeverity.Warning, $"chain {c + 1}",
                    $"Low E-BFMI {d.Ebfmi[c].ToString("0.00", Inv)} in chain {c + 1}.",
                    "The chain moves slowly between levels of the posterior, so it may not have explored all of it.",
                    "Run longer, or reparameterize with tighter priors on the noise (y_sigma) and the intercept.");
        if (d.TreeDepthHits > 0)
            yield return new("tree_depth", DiagnosticSeverity.Info, null,
                $"{d.TreeDepthHits.ToString("N0", Inv)} iteration{(d.TreeDepthHits == 1 ? "" : "s")} hit the maximum tree depth.",
                "Sampling was slow (long trajectories); the results stay valid.",
                "Nothing needed; tighter priors usually make fits faster.");
    }

    private static IEnumerable<RunDiagnostic> FitQualityFindings(FitQuality fit, RunQualityThresholds t)
    {
        if (!double.IsFinite(fit.R2) || fit.R2 < t.R2Directional)
            yield return new("fit_r2", !double.IsFinite(fit.R2) || fit.R2 < t.R2NotUsable ? DiagnosticSeverity.Problem : DiagnosticSeverity.Warning, null,
                double.IsFinite(fit.R2)
                    ? $"R² {fit.R2.ToString("0.00", Inv)}: the model explains only {(100 * Math.Max(fit.R2, 0)).ToString("0", Inv)} % of the KPI's variation."
                    : "R² could not be computed (the KPI does not vary).",
                $"Much of what moves the KPI is not in the model, so channel effects may absorb or hide it (below {t.R2Directional.ToString("0.00", Inv)} the split between channels is rough; below {t.R2NotUsable.ToString("0.00", Inv)} it is unreliable).",
                "Add the missing drivers as controls (price, promotions, distribution, holidays) or check the KPI column.");
        if (!double.IsFinite(fit.Mape) || fit.Mape > t.MapeDirectional)
            yield return new("fit_mape", !double.IsFinite(fit.Mape) || fit.Mape > t.MapeNotUsable ? DiagnosticSeverity.Problem : DiagnosticSeverity.Warning, null,
                double.IsFinite(fit.Mape)
                    ? $"MAPE {(100 * fit.Mape).ToString("0.0", Inv)} %: the model misses a typical period by that much."
                    : "MAPE could not be computed (the KPI is zero in some period).",
                $"Predictions for single periods are rough (above {(100 * t.MapeDirectional).ToString("0", Inv)} % caution, above {(100 * t.MapeNotUsable).ToString("0", Inv)} % unreliable); totals over many periods are more reliable.",
                "Look at the fit chart for the periods it misses and add controls for what happened then.");
    }

    /// <summary>Each channel whose interval is too wide; a problem for all of them when together they hold most of the spend.</summary>
    private static IEnumerable<RunDiagnostic> RoasIntervals(IReadOnlyList<ChannelSummary> channels, RunQualityThresholds t)
    {
        var wide = channels.Where(c => !double.IsFinite(c.RoasMean) || c.RoasQ95 - c.RoasQ05 > t.RoasIntervalWidthRatio * Math.Abs(c.RoasMean)).ToList();
        if (wide.Count == 0) yield break;
        double totalSpend = channels.Sum(c => c.Spend);
        double share = totalSpend > 0 ? wide.Sum(c => c.Spend) / totalSpend : 1;
        var severity = share > t.WideRoasSpendShareNotUsable ? DiagnosticSeverity.Problem : DiagnosticSeverity.Warning;
        foreach (var c in wide)
            yield return new("roas_interval", severity, c.Channel,
                $"ROAS of {c.Channel} is between {F(c.RoasQ05)} and {F(c.RoasQ95)} (mean {F(c.RoasMean)}): the 90% interval is more than {t.RoasIntervalWidthRatio.ToString("0.#", Inv)}× the estimate.",
                "The data cannot tell whether this channel is weak or strong; budget moves based on it are a gamble"
                + (severity == DiagnosticSeverity.Problem ? $". Channels this uncertain hold {(100 * share).ToString("0", Inv)} % of spend, more than {(100 * t.WideRoasSpendShareNotUsable).ToString("0", Inv)} %." : "."),
                "Calibrate with a lift test from an experiment on this channel, vary its spend more, or add more periods.");
    }

    private static IEnumerable<RunDiagnostic> UnmappedSpend(double share, RunQualityThresholds t)
    {
        if (share <= t.UnmappedSpendDirectional) yield break;
        yield return new("unmapped_spend", share > t.UnmappedSpendNotUsable ? DiagnosticSeverity.Problem : DiagnosticSeverity.Warning, null,
            $"{(100 * share).ToString("0.0", Inv)} % of the dataset's spend is in columns this model leaves out.",
            $"The effect of that spend is folded into the baseline and the other channels (above {(100 * t.UnmappedSpendDirectional).ToString("0", Inv)} % caution, above {(100 * t.UnmappedSpendNotUsable).ToString("0", Inv)} % unreliable).",
            "Add those spend columns as channels, or fit a dataset without them.");
    }

    private static IEnumerable<RunDiagnostic> PriorDominance(IReadOnlyList<PriorPosteriorShift> shifts, RunQualityThresholds t)
    {
        var dominated = shifts.Where(s => s.PriorDominates).Select(s => s.Parameter).ToList();
        if (dominated.Count == 0) yield break;
        yield return new("prior_dominates", DiagnosticSeverity.Warning, dominated.Count == 1 ? dominated[0] : null,
            $"The data barely moved {dominated.Count} media parameter{(dominated.Count == 1 ? "" : "s")} from {(dominated.Count == 1 ? "its prior" : "their priors")}: {string.Join(", ", dominated)}.",
            $"Their posterior variance is over {(100 * (1 - t.MinContraction)).ToString("0", Inv)} % of the prior's, so those channels' carry-over and saturation mostly repeat the prior's assumptions.",
            "Check that the priors say what you believe, or calibrate those channels with a lift test.");
    }

    /// <summary>Two decimals, or three when two would read as a line itself (1.0503 is above 1.05, so not "1.05").</summary>
    private static string Rhat(double v, RunQualityThresholds t) =>
        Math.Round(v, 2) == t.RhatDirectional || Math.Round(v, 2) == t.RhatNotUsable ? v.ToString("0.000", Inv) : v.ToString("0.00", Inv);

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.00", Inv) : "n/a";
}
