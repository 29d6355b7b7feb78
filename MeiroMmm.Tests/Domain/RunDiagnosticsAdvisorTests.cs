using MeiroMmm.Domain.Mmm.Diagnostics;
using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Domain.Mmm.Quality;

namespace MeiroMmm.Tests.Domain;

/// <summary>The rules on hand-made fits: each line just crossed (warning, then problem), and a clean fit with no findings.</summary>
public sealed class RunDiagnosticsAdvisorTests
{
    private static ParameterSummary Param(string name, double rhat = 1.001, double essBulk = 2000, double essTail = 2000) =>
        new(name, new DrawSummary(0.5, 0.1, 0.35, 0.65, rhat, essBulk, essTail, 0.01, 0.01, 0.33, 0.67));

    private static FitDiagnostics Sampler(int divergences = 0, int treeDepthHits = 0, double[]? ebfmi = null) =>
        new(1.001, 2000, 2000, divergences, treeDepthHits, 100_000, 10, 10, 20, [0.2, 0.2, 0.2, 0.2], ebfmi ?? [0.9, 0.8, 1.0, 0.95], null);

    private static ChannelSummary Channel(string name, double roas, double q05, double q95, double spend = 1000) =>
        new(name, spend, roas * spend, q05 * spend, q95 * spend, 0.1, roas, q05, q95, roas / 2);

    private static readonly FitQuality GoodFit = new(0.9, 0.05, 0.08);

    private static IReadOnlyList<RunDiagnostic> Assess(IReadOnlyList<ParameterSummary>? parameters = null, FitDiagnostics? sampler = null,
        FitQuality? fit = null, IReadOnlyList<ChannelSummary>? channels = null, int chains = 4, bool approximate = false, double unmapped = 0,
        IReadOnlyDictionary<string, Prior>? priors = null) =>
        RunDiagnosticsAdvisor.Assess(new RunQualityInput(!approximate, chains, chains * 1000, sampler ?? Sampler(), fit ?? GoodFit,
            channels ?? [Channel("tv_spend", 2.0, 1.5, 2.6)], parameters ?? [Param("intercept")], priors ?? new Dictionary<string, Prior>(), unmapped));

    [Fact]
    public void CleanFit_HasNoFindings() => Assert.Empty(Assess());

    [Fact]
    public void Rhat_AboveOnePointZeroOne_NamesTheParameter_AndAboveOnePointZeroFive_IsAProblem()
    {
        var findings = Assess([Param("intercept", rhat: 1.009), Param("adstock_alpha[tv_spend]", rhat: 1.04), Param("saturation_lam[tv_spend]", rhat: 1.2)]);
        Assert.Equal(2, findings.Count);
        Assert.Equal(("saturation_lam[tv_spend]", DiagnosticSeverity.Problem), (findings[0].Subject, findings[0].Severity));
        Assert.Equal(("adstock_alpha[tv_spend]", DiagnosticSeverity.Warning), (findings[1].Subject, findings[1].Severity));
        Assert.Equal("R-hat 1.04 on adstock_alpha[tv_spend].", findings[1].Message);
        Assert.Contains("Run longer", findings[1].Action);
    }

    [Fact]
    public void Rhat_NotComputable_WithSeveralChains_IsAProblem()
    {
        var finding = Assert.Single(Assess([Param("intercept", rhat: double.NaN)]));
        Assert.Equal(("rhat", DiagnosticSeverity.Problem, "intercept"), (finding.Code, finding.Severity, finding.Subject));
    }

    [Fact]
    public void Rhat_ManyParameters_ListsThreeAndCountsTheRest()
    {
        var findings = Assess([.. Enumerable.Range(0, 5).Select(i => Param($"gamma_fourier[f{i}]", rhat: 1.02 + i / 100.0))]);
        Assert.Equal(4, findings.Count);
        Assert.Equal("gamma_fourier[f4]", findings[0].Subject);
        Assert.StartsWith("2 more parameters", findings[3].Message);
        Assert.Equal(DiagnosticSeverity.Warning, findings[3].Severity);   // 1.02 and 1.03: below the 1.05 problem line
    }

    [Fact]
    public void Ess_Below400_IsAWarning_NamingTheWorstParameter_AndBelow100_AProblem()
    {
        // 400 is enough, 399 is low.
        var findings = Assess([Param("intercept", essBulk: 400), Param("y_sigma", essBulk: 399), Param("gamma_control[price]", essTail: 150)]);
        var bulk = Assert.Single(findings, f => f.Code == "ess_bulk");
        Assert.Equal(("y_sigma", DiagnosticSeverity.Warning), (bulk.Subject, bulk.Severity));
        Assert.Contains("399 effective draws", bulk.Message);
        Assert.Contains("at least 400", bulk.Message);
        Assert.Equal("gamma_control[price]", Assert.Single(findings, f => f.Code == "ess_tail").Subject);
        Assert.Equal(DiagnosticSeverity.Problem, Assert.Single(Assess([Param("y_sigma", essBulk: 99)]), f => f.Code == "ess_bulk").Severity);
    }

    [Fact]
    public void Divergences_AreAWarning_AndAProblemAboveOnePercent()
    {
        var few = Assert.Single(Assess(sampler: Sampler(divergences: 3)));
        Assert.Equal(("divergences", DiagnosticSeverity.Warning), (few.Code, few.Severity));
        Assert.Equal("3 divergent transitions (0.1 % of draws).", few.Message);
        Assert.Contains("target accept", few.Action);
        Assert.Equal(DiagnosticSeverity.Problem, Assert.Single(Assess(sampler: Sampler(divergences: 41))).Severity);   // 41 / 4000 > 1 %
    }

    [Fact]
    public void LowEbfmi_AndTreeDepthHits_AreReportedPerChain()
    {
        var findings = Assess(sampler: Sampler(treeDepthHits: 12, ebfmi: [0.9, 0.25, 0.9, 0.9]));
        Assert.Equal("chain 2", Assert.Single(findings, f => f.Code == "ebfmi").Subject);
        Assert.Equal(DiagnosticSeverity.Info, Assert.Single(findings, f => f.Code == "tree_depth").Severity);
    }

    [Fact]
    public void PoorFit_WarnsOnR2AndMape_AndBelowTheSecondLineIsAProblem()
    {
        var rough = Assess(fit: new FitQuality(0.6, 0.2, 0.3));
        Assert.Equal(("R² 0.60: the model explains only 60 % of the KPI's variation.", DiagnosticSeverity.Warning),
            Assert.Single(rough, f => f.Code == "fit_r2") is var r2 ? (r2.Message, r2.Severity) : default);
        Assert.Equal(("MAPE 20.0 %: the model misses a typical period by that much.", DiagnosticSeverity.Warning),
            Assert.Single(rough, f => f.Code == "fit_mape") is var mape ? (mape.Message, mape.Severity) : default);
        var poor = Assess(fit: new FitQuality(0.42, 0.35, 0.3));
        Assert.All(poor, f => Assert.Equal(DiagnosticSeverity.Problem, f.Severity));
        Assert.Equal(2, poor.Count);
    }

    [Fact]
    public void WideRoasInterval_IsFlaggedPerChannel_AndIsAProblemWhenItsChannelsHoldMostSpend()
    {
        // search: width 3.4 − 0.2 = 3.2 on a mean of 1.5 → 2.13 × the mean (> 2); tv: 1.1 / 2.0 = 0.55. Search holds 1/3 of spend.
        var finding = Assert.Single(Assess(channels: [Channel("tv_spend", 2.0, 1.5, 2.6, spend: 2000), Channel("search_spend", 1.5, 0.2, 3.4)]));
        Assert.Equal(("roas_interval", "search_spend", DiagnosticSeverity.Warning), (finding.Code, finding.Subject, finding.Severity));
        Assert.StartsWith("ROAS of search_spend is between 0.20 and 3.40 (mean 1.50)", finding.Message);
        Assert.Contains("lift test", finding.Action);
        // 1.6 wide on a mean of 1.0 (1.6×) is not flagged.
        Assert.Empty(Assess(channels: [Channel("search_spend", 1.0, 0.4, 2.0)]));
        // The wide channel now holds 2/3 of spend.
        Assert.Equal(DiagnosticSeverity.Problem, Assert.Single(Assess(channels: [Channel("tv_spend", 2.0, 1.5, 2.6), Channel("search_spend", 1.5, 0.2, 3.4, spend: 2000)])).Severity);
    }

    [Fact]
    public void UnmappedSpend_WarnsAbove5Percent_AndIsAProblemAbove20()
    {
        Assert.Empty(Assess(unmapped: 0.05));
        Assert.Equal(("unmapped_spend", DiagnosticSeverity.Warning), Assert.Single(Assess(unmapped: 0.10)) is var w ? (w.Code, w.Severity) : default);
        Assert.Equal("30.0 % of the dataset's spend is in columns this model leaves out.", Assert.Single(Assess(unmapped: 0.30)).Message);
        Assert.Equal(DiagnosticSeverity.Problem, Assert.Single(Assess(unmapped: 0.30)).Severity);
    }

    [Fact]
    public void PriorDominance_NamesTheMediaParametersTheDataDidNotMove()
    {
        // Beta(1, 3): sd √(3/80) = 0.1936. Posterior sd 0.1 (from Param) keeps 27 % of the prior variance: it learned; 0.19 keeps 96 %: it did not.
        var learned = Param("adstock_alpha[tv_spend]");
        var stuck = new ParameterSummary("adstock_alpha[search_spend]", new DrawSummary(0.26, 0.19, 0.0, 0.6, 1.001, 2000, 2000, 0.01, 0.01, 0.0, 0.6));
        var priors = new Dictionary<string, Prior> { ["adstock_alpha[tv_spend]"] = Prior.Beta(1, 3), ["adstock_alpha[search_spend]"] = Prior.Beta(1, 3) };
        var finding = Assert.Single(Assess([learned, stuck], priors: priors));
        Assert.Equal(("prior_dominates", DiagnosticSeverity.Warning, "adstock_alpha[search_spend]"), (finding.Code, finding.Severity, finding.Subject));
    }

    [Fact]
    public void LaplacePreview_SkipsTheSamplerChecks_ButNotTheFit()
    {
        var findings = Assess([Param("intercept", rhat: double.NaN, essBulk: double.NaN)], Sampler(divergences: 5), new FitQuality(0.3, 0.05, 0.1), approximate: true, chains: 1);
        Assert.Equal(["laplace_preview", "fit_r2"], findings.Select(f => f.Code));
        Assert.Equal(DiagnosticSeverity.Warning, findings[0].Severity);
    }

    [Fact]
    public void OneChain_SaysRhatIsUnchecked()
    {
        var findings = Assess([Param("intercept", rhat: double.NaN)], chains: 1);
        Assert.Equal(("one_chain", DiagnosticSeverity.Warning), Assert.Single(findings) is var f ? (f.Code, f.Severity) : default);
    }
}
