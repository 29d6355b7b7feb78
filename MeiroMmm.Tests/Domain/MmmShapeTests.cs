using MeiroMmm.Domain.Mmm;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Domain;

/// <summary>
/// The adstock and saturation shapes beyond the default model. Expected values were computed by hand / with plain
/// python3 from PyMC-Marketing 0.15.1's formulas (transformers.py), not from this implementation.
/// </summary>
public sealed class MmmShapeTests
{
    [Fact]
    public void DelayedAdstock_WeightsPeakAtTheta()
    {
        // α = 0.5, θ = 1.5, l_max 4: α^((l−θ)²) = 0.5^2.25, 0.5^0.25, 0.5^0.25, 0.5^2.25; the outer ones are 0.5² = ¼ of the inner.
        var w = MediaTransforms.AdstockWeights(AdstockShape.Delayed, [0.5, 1.5], 4);
        Assert.Equal([0.1, 0.4, 0.4, 0.1], w, (a, b) => Math.Abs(a - b) < 1e-14);
    }

    [Fact]
    public void WeibullCdfAdstock_IsTheNormalizedSurvivalProduct_WithLMaxPlusOneWeights()
    {
        // λ = 2, k = 1.5, l_max 3: [1, S1, S1·S2, S1·S2·S3] with S(t) = exp(−(t/2)^1.5), normalized (python3, math module).
        var w = MediaTransforms.AdstockWeights(AdstockShape.WeibullCdf, [2, 1.5], 3);
        Assert.Equal([0.4995869711900378, 0.3508042265822078, 0.12905366283564262, 0.020555139392111885], w, (a, b) => Math.Abs(a - b) < 1e-14);
    }

    [Fact]
    public void WeibullPdfAdstock_IsTheMinMaxScaledDensity_Normalized()
    {
        // λ = 2, k = 2, l_max 4: Weibull density at t = 1..4, min–max scaled, normalized (python3); the smallest weight is 0.
        var w = MediaTransforms.AdstockWeights(AdstockShape.WeibullPdf, [2, 2], 4);
        Assert.Equal([0.4379587273359448, 0.4112407192536078, 0.1508005534104475, 0.0], w, (a, b) => Math.Abs(a - b) < 1e-14);
        Assert.Throws<ArgumentOutOfRangeException>(() => MediaTransforms.AdstockWeights(AdstockShape.WeibullPdf, [2, 2], 1));
    }

    [Fact]
    public void GeometricShape_MatchesTheGeometricAdstock()
    {
        var w = MediaTransforms.AdstockWeights(AdstockShape.Geometric, [0.5], 3);
        Assert.Equal([4 / 7.0, 2 / 7.0, 1 / 7.0], w, (a, b) => Math.Abs(a - b) < 1e-15);
    }

    public static TheoryData<string, double, double[], double> SaturationCases => new()
    {
        // shape, a, parameters (PyMC-Marketing order), expected (python3)
        { "logistic", 0.3, [2, 1.5], 0.4369689186773864 },            // 1.5 (1 − e^−0.6)/(1 + e^−0.6)
        { "hill", 0.3, [2, 0.5, 1.2], 0.31764705882352934 },          // 1.2 (1 − 0.5²/(0.5² + 0.3²)) = 1.2 · 0.09/0.34
        { "hill", 0.0, [0.7, 0.5, 1.2], 0.0 },
        { "hill_sigmoid", 0.8, [1, 2, 0.5], 0.3767148848558003 },     // 1/(1 + e^(−2·0.3)) − 1/(1 + e^(2·0.5))
        { "hill_sigmoid", 0.0, [1.3, 2, 0.5], 0.0 },
        { "michaelis_menten", 0.3, [2, 0.5], 0.75 },                  // 2 · 0.3 / 0.8
        { "tanh", 0.3, [0.8, 0.5], 0.5081191619098298 },              // 0.8 tanh(0.3 / 0.4)
    };

    [Theory]
    [MemberData(nameof(SaturationCases))]
    public void Saturation_MatchesPymcMarketingFormula(string shape, double a, double[] parameters, double expected)
    {
        var saturation = SaturationShape.TryParse(shape)!;
        Assert.Equal(expected, saturation.Value(a, parameters), 1e-14);
        // Its analytic derivatives agree with central differences in a and in every parameter.
        var d = new double[parameters.Length];
        saturation.Gradient(Math.Max(a, 0.2), parameters, out double dA, d);
        const double h = 1e-6;
        double at = Math.Max(a, 0.2);
        Assert.Equal((saturation.Value(at + h, parameters) - saturation.Value(at - h, parameters)) / (2 * h), dA, 1e-7);
        for (int j = 0; j < parameters.Length; j++)
        {
            double[] plus = [.. parameters], minus = [.. parameters];
            plus[j] += h; minus[j] -= h;
            Assert.Equal((saturation.Value(at, plus) - saturation.Value(at, minus)) / (2 * h), d[j], 1e-7);
        }
    }

    public static TheoryData<string, string> AllCombinations()
    {
        var data = new TheoryData<string, string>();
        foreach (var a in AdstockShape.All)
            foreach (var s in SaturationShape.All) data.Add(a.Name, s.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Gradient_MatchesFiniteDifferences_ForEveryShapeCombination(string adstock, string saturation)
    {
        var spec = ReferenceFiles.StandardSpec with
        {
            Adstock = AdstockShape.TryParse(adstock)!,
            Saturation = SaturationShape.TryParse(saturation)!,
            LiftTests = [new LiftTest("search_spend", 30_000, 6_000, 40_000, 8_000), new LiftTest("tv_spend", 50_000, -20_000, -30_000, 10_000)],
        };
        var posterior = new MmmPosterior(ScaledMmmData.Prepare(ReferenceFiles.StandardData(), spec));
        var rng = new Random(adstock.Length * 31 + saturation.Length);
        for (int point = 0; point < 2; point++)
        {
            double[] q = [.. Enumerable.Range(0, posterior.Dimension).Select(_ => 2 * rng.NextDouble() - 1)];
            GradientCheck.AssertMatchesFiniteDifferences(posterior.CreateEvaluator(), q, posterior.Layout.Names);
        }
    }

    [Theory]
    [InlineData("truth")]
    [InlineData("random_1")]
    [InlineData("random_2")]
    public void ShapedPath_ForTheDefaultModel_EqualsTheFastKernels_AndTheScipyReference(string point)
    {
        var data = ScaledMmmData.Prepare(ReferenceFiles.StandardData(), ReferenceFiles.StandardSpec);
        var posterior = new MmmPosterior(data);
        var reference = ReferenceFiles.Json("stan/logdensity_reference.json").GetProperty("points").GetProperty(point);
        var q = reference.GetProperty("unconstrained_stan_order").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double[] fast = new double[q.Length], shaped = new double[q.Length];
        double lpFast = posterior.CreateEvaluator().LogDensityGradient(q, fast);
        double lpShaped = new MmmLogDensity(data, posterior.Layout, shapedPath: true).LogDensityGradient(q, shaped);
        double expected = reference.GetProperty("log_density_unconstrained_with_jacobian").GetDouble();
        Assert.Equal(expected, lpShaped, Math.Abs(expected) * 1e-10);
        Assert.Equal(lpFast, lpShaped, Math.Abs(lpFast) * 1e-12);
        for (int i = 0; i < q.Length; i++) Assert.Equal(fast[i], shaped[i], 1e-8 * Math.Max(1, Math.Abs(fast[i])));
    }

    [Fact]
    public void Layout_NamesFollowPymcMarketing_AndDefaultPriorsAreTheShapes()
    {
        var spec = ReferenceFiles.StandardSpec with { Adstock = AdstockShape.WeibullCdf, Saturation = SaturationShape.Hill };
        var layout = new MmmPosterior(ScaledMmmData.Prepare(ReferenceFiles.StandardData(), spec)).Layout;
        Assert.Equal(1 + 5 * 5 + 2 + 4 + 1, layout.Dimension);
        Assert.Equal("adstock_lam[tv_spend]", layout.Names[1]);
        Assert.Equal("adstock_k[tv_spend]", layout.Names[6]);
        Assert.Equal("saturation_slope[tv_spend]", layout.Names[11]);
        Assert.Equal("saturation_kappa[tv_spend]", layout.Names[16]);
        Assert.Equal("saturation_beta[email_spend]", layout.Names[25]);
        Assert.Equal("gamma_control[price_index]", layout.Names[26]);

        // PyMC-Marketing writes Gamma(mu, sigma); ours is Gamma(shape mu²/sigma², rate mu/sigma²).
        var defaults = MmmPriors.DefaultsFor(AdstockShape.WeibullCdf, SaturationShape.Hill);
        Assert.Equal(Prior.Gamma(2.0 * 2 / (2.5 * 2.5), 2 / (2.5 * 2.5)).ToString(), defaults["adstock_lam"].ToString());
        Assert.Equal("HalfNormal(1.5)", defaults["saturation_beta"].ToString());
        Assert.Equal("Gamma(4, 2)", MmmPriors.DefaultsFor(AdstockShape.WeibullPdf, SaturationShape.MichaelisMenten)["adstock_lam"].ToString());
        Assert.Equal("Gamma(4, 2)", MmmPriors.DefaultsFor(AdstockShape.WeibullPdf, SaturationShape.MichaelisMenten)["saturation_alpha"].ToString());
        Assert.Equal("HalfNormal(1)", MmmPriors.DefaultsFor(AdstockShape.Delayed, SaturationShape.Tanh)["adstock_theta"].ToString());
        Assert.Equal("HalfNormal(2)", MmmPriors.Defaults["saturation_beta"].ToString());
    }

    [Fact]
    public void PriorOverrides_AreCheckedAgainstTheShapesParameters()
    {
        var overrides = new Dictionary<string, Prior> { ["adstock_k"] = Prior.Gamma(2, 1), ["adstock_alpha"] = Prior.Beta(1, 3), ["saturation_kappa[tv_spend]"] = Prior.Beta(2, 2) };
        var spec = ReferenceFiles.StandardSpec with { Adstock = AdstockShape.WeibullPdf, Saturation = SaturationShape.Hill, Priors = new MmmPriors { Overrides = overrides } };
        var ex = Assert.Throws<MmmDataException>(() => ScaledMmmData.Prepare(ReferenceFiles.StandardData(), spec));
        Assert.Equal(["priors[adstock_alpha]", "priors[saturation_kappa[tv_spend]]"], ex.Problems.Select(p => p.Column).ToArray());

        // A valid override changes the log density by exactly the difference of the two priors (here: for every channel's k).
        var plain = ScaledMmmData.Prepare(ReferenceFiles.StandardData(), spec with { Priors = new() });
        var custom = ScaledMmmData.Prepare(ReferenceFiles.StandardData(), spec with { Priors = new MmmPriors { Overrides = new Dictionary<string, Prior> { ["adstock_k"] = Prior.Gamma(2, 1) } } });
        var layout = new MmmPosterior(plain).Layout;
        double[] q = [.. Enumerable.Range(0, layout.Dimension).Select(i => 0.1 * (i % 7) - 0.3)];
        var g = new double[q.Length];
        double difference = new MmmPosterior(custom).CreateEvaluator().LogDensityGradient(q, g) - new MmmPosterior(plain).CreateEvaluator().LogDensityGradient(q, g);
        double expected = 0;
        for (int c = 0; c < 5; c++)
        {
            double k = Math.Exp(q[layout.AdstockParameter(c, 1)]);
            // log Gamma(k; 2, 1) − log Gamma(k; 9, 3), PyMC's (shape, rate) density; Γ(2) = 1, Γ(9) = 40320.
            expected += (Math.Log(k) - k) - (9 * Math.Log(3) - Math.Log(40320) + 8 * Math.Log(k) - 3 * k);
        }
        Assert.Equal(expected, difference, 1e-9);
    }

    [Fact]
    public void ShapeNames_ParseAsPymcMarketingLookupNames()
    {
        Assert.Same(AdstockShape.WeibullCdf, AdstockShape.TryParse("weibull_cdf"));
        Assert.Same(AdstockShape.WeibullPdf, AdstockShape.TryParse("Weibull-PDF"));
        Assert.Same(SaturationShape.MichaelisMenten, SaturationShape.TryParse("michaelis_menten"));
        Assert.Null(AdstockShape.TryParse("carryover"));
        Assert.Null(SaturationShape.TryParse(null));
    }
}
