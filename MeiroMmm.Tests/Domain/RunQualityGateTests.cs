using MeiroMmm.Domain.Mmm.Diagnostics;
using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Domain.Mmm.Quality;

namespace MeiroMmm.Tests.Domain;

/// <summary>
/// The run-quality gate on runs built to pass every rule, then to fail each rule in turn: the grade follows the
/// findings of <see cref="RunDiagnosticsAdvisor"/> (warning → directional, problem → not usable).
/// </summary>
public sealed class RunQualityGateTests
{
    private static DrawSummary Summary(double mean, double sd) => new(mean, sd, mean - 1.645 * sd, mean + 1.645 * sd, 1.001, 1500, 1200, 0.01, 0.01, mean - 2 * sd, mean + 2 * sd);

    /// <summary>A healthy 4 × 1000 NUTS run of two channels whose media parameters the data pinned down (posterior sd ≪ prior sd).</summary>
    private static RunQualityInput Healthy() => new(
        Sampled: true, Chains: 4, TotalDraws: 4000,
        Diagnostics: new FitDiagnostics(1.004, 900, 700, 0, 0, 1_000_000, 10, 5, 15, [0.3], [0.9], "intercept"),
        Fit: new FitQuality(0.9, 0.06, 0.1),
        Channels:
        [
            new ChannelSummary("tv", 100_000, 250_000, 200_000, 300_000, 0.2, 2.5, 2.0, 3.0, 1.2),
            new ChannelSummary("search", 50_000, 200_000, 170_000, 230_000, 0.15, 4.0, 3.4, 4.6, 2.0),
        ],
        Parameters:
        [
            new ParameterSummary("intercept", Summary(0.3, 0.05)),
            new ParameterSummary("adstock_alpha[tv]", Summary(0.5, 0.04)),
            new ParameterSummary("adstock_alpha[search]", Summary(0.2, 0.03)),
            new ParameterSummary("saturation_lam[tv]", Summary(2.5, 0.3)),
            new ParameterSummary("saturation_lam[search]", Summary(3.5, 0.4)),
        ],
        Priors: new Dictionary<string, Prior>
        {
            ["intercept"] = Prior.Normal(0, 2),
            ["adstock_alpha[tv]"] = Prior.Beta(1, 3), ["adstock_alpha[search]"] = Prior.Beta(1, 3),
            ["saturation_lam[tv]"] = Prior.Gamma(3, 1), ["saturation_lam[search]"] = Prior.Gamma(3, 1),
        },
        UnmappedSpendShare: 0.0);

    private static RunQuality Grade(RunQualityInput input) => RunQualityGate.Assess(input);

    /// <summary>The healthy run with its intercept's summary changed (R-hat and ESS are read per parameter).</summary>
    private static RunQualityInput WithIntercept(RunQualityInput run, Func<DrawSummary, DrawSummary> change) =>
        run with { Parameters = [.. run.Parameters.Select(p => p.Name == "intercept" ? p with { Summary = change(p.Summary) } : p)] };

    [Fact]
    public void HealthyRun_IsUsable_WithNoReasons()
    {
        var quality = Grade(Healthy());
        Assert.Equal(RunGrade.Usable, quality.Grade);
        Assert.Empty(quality.Reasons);
        Assert.Equal(4, quality.PriorShifts.Count);   // media parameters only: the intercept is not checked
    }

    public static TheoryData<string, string, RunGrade> Failures() => new()
    {
        { "rhat 1.02", "rhat", RunGrade.Directional },
        { "rhat 1.2", "rhat", RunGrade.NotUsable },
        { "rhat nan", "rhat", RunGrade.NotUsable },
        { "bulk ess 250", "ess_bulk", RunGrade.Directional },
        { "bulk ess 50", "ess_bulk", RunGrade.NotUsable },
        { "tail ess 300", "ess_tail", RunGrade.Directional },
        { "divergences 3", "divergences", RunGrade.Directional },
        { "divergences 100", "divergences", RunGrade.NotUsable },
        { "r2 0.6", "fit_r2", RunGrade.Directional },
        { "r2 0.3", "fit_r2", RunGrade.NotUsable },
        { "mape 0.2", "fit_mape", RunGrade.Directional },
        { "mape 0.4", "fit_mape", RunGrade.NotUsable },
        { "wide roas on small channel", "roas_interval", RunGrade.Directional },
        { "wide roas on big channel", "roas_interval", RunGrade.NotUsable },
        { "unmapped 10%", "unmapped_spend", RunGrade.Directional },
        { "unmapped 30%", "unmapped_spend", RunGrade.NotUsable },
        { "prior dominates", "prior_dominates", RunGrade.Directional },
        { "laplace", "laplace_preview", RunGrade.Directional },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void EachRule_FailsOnARunBuiltToFailIt(string failure, string rule, RunGrade expected)
    {
        var healthy = Healthy();
        var d = healthy.Diagnostics;
        var input = failure switch
        {
            "rhat 1.02" => WithIntercept(healthy, s => s with { Rhat = 1.02 }),
            "rhat 1.2" => WithIntercept(healthy, s => s with { Rhat = 1.2 }),
            "rhat nan" => WithIntercept(healthy, s => s with { Rhat = double.NaN }),
            "bulk ess 250" => WithIntercept(healthy, s => s with { EssBulk = 250 }),
            "bulk ess 50" => WithIntercept(healthy, s => s with { EssBulk = 50 }),
            "tail ess 300" => WithIntercept(healthy, s => s with { EssTail = 300 }),
            "divergences 3" => healthy with { Diagnostics = d with { Divergences = 3 } },        // 0.075 % of 4000
            "divergences 100" => healthy with { Diagnostics = d with { Divergences = 100 } },    // 2.5 %
            "r2 0.6" => healthy with { Fit = healthy.Fit with { R2 = 0.6 } },
            "r2 0.3" => healthy with { Fit = healthy.Fit with { R2 = 0.3 } },
            "mape 0.2" => healthy with { Fit = healthy.Fit with { Mape = 0.2 } },
            "mape 0.4" => healthy with { Fit = healthy.Fit with { Mape = 0.4 } },
            // search holds 1/3 of spend; its interval 0.5–9.5 is 9 wide around 4 (> 2 × 4).
            "wide roas on small channel" => healthy with { Channels = [healthy.Channels[0], healthy.Channels[1] with { RoasQ05 = 0.5, RoasQ95 = 9.5 }] },
            "wide roas on big channel" => healthy with { Channels = [healthy.Channels[0] with { RoasQ05 = 0.2, RoasQ95 = 8 }, healthy.Channels[1]] },
            "unmapped 10%" => healthy with { UnmappedSpendShare = 0.10 },
            "unmapped 30%" => healthy with { UnmappedSpendShare = 0.30 },
            // Beta(1, 3) has sd √(3 / 80) = 0.1936; a posterior sd of 0.19 keeps 96 % of its variance: contraction 0.04.
            "prior dominates" => healthy with { Parameters = [.. healthy.Parameters.Select(p => p.Name == "adstock_alpha[tv]" ? new ParameterSummary(p.Name, Summary(0.26, 0.19)) : p)] },
            "laplace" => WithIntercept(healthy, s => s with { Rhat = double.NaN, EssBulk = double.NaN, EssTail = double.NaN }) with { Sampled = false, Chains = 1 },
            _ => throw new ArgumentException(failure),
        };
        var quality = Grade(input);
        var reason = Assert.Single(quality.Reasons);
        Assert.Equal(rule, reason.Rule);
        Assert.Equal(expected, reason.Caps);
        Assert.Equal(expected, quality.Grade);
        Assert.False(string.IsNullOrWhiteSpace(reason.Message));
        Assert.False(string.IsNullOrWhiteSpace(reason.Action));
        // One source of rules: the reason is the advisor's finding, and it is among the findings the page lists.
        Assert.Contains(quality.Findings, f => f.Code == rule && f.Message == reason.Message);
    }

    [Fact]
    public void InfoFindings_AreListed_ButDoNotLowerTheGrade()
    {
        var healthy = Healthy();
        var quality = Grade(healthy with { Diagnostics = healthy.Diagnostics with { TreeDepthHits = 12 } });
        Assert.Equal(RunGrade.Usable, quality.Grade);
        Assert.Empty(quality.Reasons);
        Assert.Equal("tree_depth", Assert.Single(quality.Findings).Code);
    }

    [Fact]
    public void GradeIsTheLowestCapOfAllReasons()
    {
        var healthy = Healthy();
        var quality = Grade(healthy with { Fit = healthy.Fit with { R2 = 0.6 }, UnmappedSpendShare = 0.5 });
        Assert.Equal(2, quality.Reasons.Count);
        Assert.Equal(RunGrade.NotUsable, quality.Grade);
    }

    [Fact]
    public void PriorShift_IsContractionAndZScore_AgainstTheHandComputedPriorMoments()
    {
        var shifts = RunQualityGate.PriorShifts(Healthy());
        var lam = shifts.Single(s => s.Parameter == "saturation_lam[tv]");
        // Gamma(3, rate 1): mean 3, sd √3. Posterior 2.5 ± 0.3: contraction 1 − 0.09 / 3 = 0.97, shift 0.5 / √3 = 0.2887.
        Assert.Equal(3, lam.PriorMean, 12);
        Assert.Equal(Math.Sqrt(3), lam.PriorSd, 12);
        Assert.Equal(0.97, lam.Contraction, 12);
        Assert.Equal(0.5 / Math.Sqrt(3), lam.Shift, 12);
        Assert.False(lam.PriorDominates);
    }

    [Theory]
    [InlineData(PriorFamily.Beta, new[] { 1.0, 3.0 })]
    [InlineData(PriorFamily.Gamma, new[] { 3.0, 1.0 })]
    [InlineData(PriorFamily.HalfNormal, new[] { 2.0 })]
    [InlineData(PriorFamily.Laplace, new[] { 0.5, 1.0 })]
    [InlineData(PriorFamily.LogNormal, new[] { 0.2, 0.4 })]
    [InlineData(PriorFamily.Exponential, new[] { 2.0 })]
    [InlineData(PriorFamily.StudentT, new[] { 5.0, 1.0, 2.0 })]
    public void PriorMoments_MatchMathNetDistributions(PriorFamily family, double[] p)
    {
        (double mean, double sd) = family switch
        {
            PriorFamily.Beta => (new MathNet.Numerics.Distributions.Beta(p[0], p[1]).Mean, new MathNet.Numerics.Distributions.Beta(p[0], p[1]).StdDev),
            PriorFamily.Gamma => (new MathNet.Numerics.Distributions.Gamma(p[0], p[1]).Mean, new MathNet.Numerics.Distributions.Gamma(p[0], p[1]).StdDev),
            // |N(0, σ)|: mean σ√(2/π), sd σ√(1 − 2/π) (hand-computed: σ = 2 gives 1.59577, 1.20562).
            PriorFamily.HalfNormal => (1.5957691216057308, 1.2056205499781738),
            PriorFamily.Laplace => (new MathNet.Numerics.Distributions.Laplace(p[0], p[1]).Mean, new MathNet.Numerics.Distributions.Laplace(p[0], p[1]).StdDev),
            PriorFamily.LogNormal => (new MathNet.Numerics.Distributions.LogNormal(p[0], p[1]).Mean, new MathNet.Numerics.Distributions.LogNormal(p[0], p[1]).StdDev),
            PriorFamily.Exponential => (new MathNet.Numerics.Distributions.Exponential(p[0]).Mean, new MathNet.Numerics.Distributions.Exponential(p[0]).StdDev),
            _ => (new MathNet.Numerics.Distributions.StudentT(p[1], p[2], p[0]).Mean, new MathNet.Numerics.Distributions.StudentT(p[1], p[2], p[0]).StdDev),
        };
        var moments = PriorMoments.Of(new Prior(family, p));
        Assert.NotNull(moments);
        Assert.Equal(mean, moments.Value.Mean, 9);
        Assert.Equal(sd, moments.Value.Sd, 9);
    }

    [Fact]
    public void HalfCauchyPrior_HasNoMoments_AndIsSkipped()
    {
        Assert.Null(PriorMoments.Of(new Prior(PriorFamily.HalfCauchy, 1.0)));
        var healthy = Healthy();
        var shifts = RunQualityGate.PriorShifts(healthy with { Priors = new Dictionary<string, Prior>(healthy.Priors) { ["saturation_lam[tv]"] = new Prior(PriorFamily.HalfCauchy, 1.0) } });
        Assert.DoesNotContain(shifts, s => s.Parameter == "saturation_lam[tv]");
    }
}
