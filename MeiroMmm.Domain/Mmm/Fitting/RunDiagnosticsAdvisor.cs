using System.Globalization;

namespace MeiroMmm.Domain.Mmm.Fitting;

public enum DiagnosticSeverity { Info, Warning, Problem }

/// <summary>
/// One plain-language finding about a fit: what was seen (<see cref="Message"/>, with the number and the parameter or
/// channel it is about), what it means for the results, and what to do about it. <see cref="Code"/> is stable for
/// machines (rhat, ess_bulk, ess_tail, divergences, ebfmi, tree_depth, r2, mape, roas_interval, approximation, one_chain).
/// </summary>
public sealed record RunDiagnostic(string Code, DiagnosticSeverity Severity, string? Subject, string Message, string Meaning, string Action);

/// <summary>
/// Where the advisor draws its lines. The defaults follow the literature where it has a rule and common MMM practice
/// where it has none; a run-quality gate may tighten them.
/// </summary>
public sealed record RunDiagnosticThresholds
{
    /// <summary>Vehtari et al. 2021 (§4): trust a parameter only when its rank-normalized R-hat is below 1.01.</summary>
    public double RhatWarn { get; init; } = 1.01;
    /// <summary>Above this the chains plainly disagree (the older 1.05/1.1 rules of thumb): a problem, not a caution.</summary>
    public double RhatProblem { get; init; } = 1.05;
    /// <summary>Vehtari et al. 2021 (§4): bulk and tail ESS above 100 per chain, so R-hat and the intervals are reliable.</summary>
    public double EssPerChain { get; init; } = 100;
    /// <summary>Divergences above this share of the kept draws make the posterior unreliable (any is a warning).</summary>
    public double DivergenceShareProblem { get; init; } = 0.01;
    /// <summary>Betancourt 2016: E-BFMI below 0.3 means the momentum resampling explores the energy levels poorly.</summary>
    public double EbfmiMin { get; init; } = 0.3;
    /// <summary>Below this share of explained variation the KPI is mostly unexplained (MMM practice; no hard rule).</summary>
    public double R2Min { get; init; } = 0.5;
    /// <summary>Above this mean absolute percentage error the model misses a typical period by more than a fifth.</summary>
    public double MapeMax { get; init; } = 0.2;
    /// <summary>A channel's 90% ROAS interval wider than this multiple of its mean cannot tell a weak channel from a strong one.</summary>
    public double RoasRelativeWidthMax { get; init; } = 1.5;
    /// <summary>At most this many findings of one kind are listed one by one; the rest are counted in a summary line.</summary>
    public int MaxListedPerKind { get; init; } = 3;
}

/// <summary>
/// Turns a fit's numbers (sampler diagnostics, parameter summaries, fit quality, ROAS intervals) into findings a
/// marketer can act on, e.g. "3 divergent transitions: increase target accept or simplify priors" or "R-hat 1.04 on
/// adstock_alpha[tv_spend]: run longer". Pure, so the results page, the API and a run-quality gate share the rules.
/// </summary>
public static class RunDiagnosticsAdvisor
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="approximate">A Laplace preview: independent draws from a normal approximation, so the sampler checks do not apply.</param>
    /// <param name="chains">Chains sampled (R-hat needs two; the ESS bar scales with them).</param>
    /// <param name="keptDraws">Post-warm-up draws over all chains (the divergence share's denominator).</param>
    public static IReadOnlyList<RunDiagnostic> Assess(
        bool approximate, int chains, int keptDraws, FitDiagnostics diagnostics, IReadOnlyList<ParameterSummary> parameters,
        FitQuality fit, IReadOnlyList<ChannelSummary> channels, RunDiagnosticThresholds? thresholds = null)
    {
        var t = thresholds ?? new RunDiagnosticThresholds();
        var findings = new List<RunDiagnostic>();
        if (approximate)
            findings.Add(new("approximation", DiagnosticSeverity.Info, null, "Quick preview (Laplace approximation).",
                "The numbers come from a normal approximation around the most likely parameters: intervals may be too narrow or lopsided.",
                "Run a full fit (NUTS) before deciding budgets."));
        else
        {
            findings.AddRange(Convergence(chains, parameters, t));
            findings.AddRange(Sampler(keptDraws, diagnostics, t));
        }
        findings.AddRange(FitQualityFindings(fit, t));
        findings.AddRange(RoasIntervals(channels, t));
        return findings;
    }

    private static IEnumerable<RunDiagnostic> Convergence(int chains, IReadOnlyList<ParameterSummary> parameters, RunDiagnosticThresholds t)
    {
        if (chains < 2)
        {
            yield return new("one_chain", DiagnosticSeverity.Info, null, "One chain: R-hat cannot be computed.",
                "Agreement between chains is the main check that the sampler found the whole posterior; with one chain it is unchecked.",
                "Use at least 2 chains (4 is standard) for results you will act on.");
        }
        else
        {
            var highRhat = parameters.Where(p => p.Summary.Rhat > t.RhatWarn).OrderByDescending(p => p.Summary.Rhat).ToList();
            foreach (var p in highRhat.Take(t.MaxListedPerKind))
                yield return new("rhat", p.Summary.Rhat > t.RhatProblem ? DiagnosticSeverity.Problem : DiagnosticSeverity.Warning, p.Name,
                    $"R-hat {p.Summary.Rhat.ToString("0.00", Inv)} on {p.Name}.",
                    "The chains disagree about this parameter (above " + t.RhatWarn.ToString("0.00", Inv) + "), so its estimate and everything built on it is not settled.",
                    "Run longer: more warm-up and draws; if it persists, tighten this parameter's prior.");
            if (highRhat.Count > t.MaxListedPerKind)
                yield return new("rhat", DiagnosticSeverity.Warning, null, $"{highRhat.Count - t.MaxListedPerKind} more parameters have R-hat above {t.RhatWarn.ToString("0.00", Inv)}.",
                    "See the Parameters tab for each one.", "Run longer before reading the results.");
        }

        double essMin = t.EssPerChain * Math.Max(chains, 1);
        foreach (var (code, kind, ess) in new[] { ("ess_bulk", "bulk", (Func<ParameterSummary, double>)(p => p.Summary.EssBulk)), ("ess_tail", "tail", p => p.Summary.EssTail) })
        {
            var low = parameters.Where(p => ess(p) < essMin).OrderBy(ess).ToList();
            if (low.Count == 0) continue;
            var worst = low[0];
            string more = low.Count > 1 ? $" ({low.Count - 1} more parameter{(low.Count == 2 ? "" : "s")} below it too)" : "";
            yield return new(code, DiagnosticSeverity.Warning, worst.Name,
                $"Low {kind} ESS: {ess(worst).ToString("N0", Inv)} effective draws on {worst.Name}{more}; at least {essMin.ToString("N0", Inv)} wanted.",
                kind == "bulk" ? "The draws are strongly correlated, so the means are rough." : "Few effectively independent draws in the tails, so the 90% intervals are rough.",
                "Run more draws (or more chains); the estimates themselves may be fine.");
        }
    }

    private static IEnumerable<RunDiagnostic> Sampler(int keptDraws, FitDiagnostics d, RunDiagnosticThresholds t)
    {
        if (d.Divergences > 0)
        {
            double share = keptDraws > 0 ? (double)d.Divergences / keptDraws : 1;
            yield return new("divergences", share > t.DivergenceShareProblem ? DiagnosticSeverity.Problem : DiagnosticSeverity.Warning, null,
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

    private static IEnumerable<RunDiagnostic> FitQualityFindings(FitQuality fit, RunDiagnosticThresholds t)
    {
        if (double.IsFinite(fit.R2) && fit.R2 < t.R2Min)
            yield return new("r2", DiagnosticSeverity.Warning, null,
                $"R² {fit.R2.ToString("0.00", Inv)}: the model explains only {(100 * Math.Max(fit.R2, 0)).ToString("0", Inv)} % of the KPI's variation.",
                "Much of what moves the KPI is not in the model, so channel effects may absorb or hide it.",
                "Add the missing drivers as controls (price, promotions, distribution, holidays) or check the KPI column.");
        if (double.IsFinite(fit.Mape) && fit.Mape > t.MapeMax)
            yield return new("mape", DiagnosticSeverity.Warning, null,
                $"MAPE {(100 * fit.Mape).ToString("0.0", Inv)} %: the model misses a typical period by that much.",
                "Predictions for single periods are rough; totals over many periods are more reliable.",
                "Look at the fit chart for the periods it misses and add controls for what happened then.");
    }

    private static IEnumerable<RunDiagnostic> RoasIntervals(IReadOnlyList<ChannelSummary> channels, RunDiagnosticThresholds t)
    {
        foreach (var c in channels)
        {
            double width = c.RoasQ95 - c.RoasQ05;
            if (!(c.RoasMean > 0) || !double.IsFinite(width) || width / c.RoasMean <= t.RoasRelativeWidthMax) continue;
            yield return new("roas_interval", DiagnosticSeverity.Warning, c.Channel,
                $"ROAS of {c.Channel} is between {c.RoasQ05.ToString("0.00", Inv)} and {c.RoasQ95.ToString("0.00", Inv)} (mean {c.RoasMean.ToString("0.00", Inv)}).",
                "The data cannot tell whether this channel is weak or strong; budget moves based on it are a gamble.",
                "Calibrate with a lift test from an experiment on this channel, vary its spend more, or add more periods.");
        }
    }
}
