using MeiroMmm.Domain.Mmm.Diagnostics;
using MeiroMmm.Domain.Mmm.Fitting;

namespace MeiroMmm.Tests.Domain;

/// <summary>The advisor's rules on hand-made fits: each threshold just crossed, and a clean fit with no findings.</summary>
public sealed class RunDiagnosticsAdvisorTests
{
    private static ParameterSummary Param(string name, double rhat = 1.001, double essBulk = 2000, double essTail = 2000) =>
        new(name, new DrawSummary(0.5, 0.1, 0.35, 0.65, rhat, essBulk, essTail, 0.01, 0.01, 0.33, 0.67));

    private static FitDiagnostics Sampler(int divergences = 0, int treeDepthHits = 0, double[]? ebfmi = null) =>
        new(1.001, 2000, 2000, divergences, treeDepthHits, 100_000, 10, 10, 20, [0.2, 0.2, 0.2, 0.2], ebfmi ?? [0.9, 0.8, 1.0, 0.95], null);

    private static ChannelSummary Channel(string name, double roas, double q05, double q95) =>
        new(name, 1000, roas * 1000, q05 * 1000, q95 * 1000, 0.1, roas, q05, q95, roas / 2);

    private static readonly FitQuality GoodFit = new(0.9, 0.05, 0.08);

    private static IReadOnlyList<RunDiagnostic> Assess(IReadOnlyList<ParameterSummary>? parameters = null, FitDiagnostics? sampler = null,
        FitQuality? fit = null, IReadOnlyList<ChannelSummary>? channels = null, int chains = 4, bool approximate = false) =>
        RunDiagnosticsAdvisor.Assess(approximate, chains, chains * 1000, sampler ?? Sampler(), parameters ?? [Param("intercept")],
            fit ?? GoodFit, channels ?? [Channel("tv_spend", 2.0, 1.5, 2.6)]);

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
    public void Rhat_ManyParameters_ListsThreeAndCountsTheRest()
    {
        var findings = Assess([.. Enumerable.Range(0, 5).Select(i => Param($"gamma_fourier[f{i}]", rhat: 1.02 + i / 100.0))]);
        Assert.Equal(4, findings.Count);
        Assert.Equal("gamma_fourier[f4]", findings[0].Subject);
        Assert.StartsWith("2 more parameters", findings[3].Message);
    }

    [Fact]
    public void Ess_BelowOneHundredPerChain_ReportsTheWorstParameter()
    {
        // 4 chains → 400 wanted: 399 is low, 400 is enough.
        var findings = Assess([Param("intercept", essBulk: 400), Param("y_sigma", essBulk: 399), Param("gamma_control[price]", essTail: 150)]);
        var bulk = Assert.Single(findings, f => f.Code == "ess_bulk");
        Assert.Equal("y_sigma", bulk.Subject);
        Assert.Contains("399 effective draws", bulk.Message);
        Assert.Contains("at least 400", bulk.Message);
        Assert.Equal("gamma_control[price]", Assert.Single(findings, f => f.Code == "ess_tail").Subject);
        // With 2 chains the bar is 200, so 399 passes.
        Assert.DoesNotContain(Assess([Param("y_sigma", essBulk: 399)], chains: 2), f => f.Code == "ess_bulk");
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
    public void PoorFit_WarnsOnR2AndMape()
    {
        var findings = Assess(fit: new FitQuality(0.42, 0.235, 0.3));
        Assert.Equal("R² 0.42: the model explains only 42 % of the KPI's variation.", Assert.Single(findings, f => f.Code == "r2").Message);
        Assert.Equal("MAPE 23.5 %: the model misses a typical period by that much.", Assert.Single(findings, f => f.Code == "mape").Message);
    }

    [Fact]
    public void WideRoasInterval_IsFlaggedPerChannel()
    {
        // search: width 3.4 − 0.2 = 3.2 on a mean of 1.6 → 2.0 × the mean (> 1.5); tv: 1.1 / 2.0 = 0.55.
        var finding = Assert.Single(Assess(channels: [Channel("tv_spend", 2.0, 1.5, 2.6), Channel("search_spend", 1.6, 0.2, 3.4)]));
        Assert.Equal(("roas_interval", "search_spend"), (finding.Code, finding.Subject));
        Assert.Equal("ROAS of search_spend is between 0.20 and 3.40 (mean 1.60).", finding.Message);
        Assert.Contains("lift test", finding.Action);
    }

    [Fact]
    public void LaplacePreview_SkipsTheSamplerChecks_ButNotTheFit()
    {
        var findings = Assess([Param("intercept", rhat: double.NaN, essBulk: double.NaN)], Sampler(divergences: 5), new FitQuality(0.3, 0.05, 0.1), approximate: true, chains: 1);
        Assert.Equal(["approximation", "r2"], findings.Select(f => f.Code));
    }

    [Fact]
    public void OneChain_SaysRhatIsUnchecked()
    {
        var findings = Assess([Param("intercept", rhat: double.NaN)], chains: 1);
        Assert.Equal("one_chain", Assert.Single(findings).Code);
    }
}
