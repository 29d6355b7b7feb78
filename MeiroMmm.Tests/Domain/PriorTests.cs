using MathNet.Numerics.Distributions;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Domain;

public sealed class PriorTests
{
    public static TheoryData<string, double> Densities => new()
    {
        { "Normal(0.5, 2)", 1.3 }, { "HalfNormal(1.5)", 0.7 }, { "Beta(2, 5)", 0.3 }, { "Gamma(3, 2)", 1.1 }, { "Laplace(-1, 0.5)", 0.2 },
        { "LogNormal(0.1, 0.8)", 2.0 }, { "HalfCauchy(2)", 3.0 }, { "Exponential(1.5)", 0.4 }, { "StudentT(4, 1, 2)", -0.6 },
    };

    [Theory]
    [MemberData(nameof(Densities))]
    public void LogDensity_MatchesMathNetsDistributions(string text, double x)
    {
        var prior = Prior.TryParse(text)!;
        var p = prior.Parameters;
        double expected = prior.Family switch
        {
            PriorFamily.Normal => Normal.PDFLn(p[0], p[1], x),
            PriorFamily.HalfNormal => Math.Log(2) + Normal.PDFLn(0, p[0], x),
            PriorFamily.Beta => Beta.PDFLn(p[0], p[1], x),
            PriorFamily.Gamma => Gamma.PDFLn(p[0], p[1], x),
            PriorFamily.Laplace => Laplace.PDFLn(p[0], p[1], x),
            PriorFamily.LogNormal => LogNormal.PDFLn(p[0], p[1], x),
            PriorFamily.HalfCauchy => Math.Log(2) + Cauchy.PDFLn(0, p[0], x),
            PriorFamily.Exponential => Exponential.PDFLn(p[0], x),
            _ => StudentT.PDFLn(p[1], p[2], p[0], x),
        };
        Assert.Equal(expected, prior.LogDensity(x, out _), 1e-12);
    }

    [Theory]
    [MemberData(nameof(Densities))]
    public void UnconstrainedDerivative_MatchesFiniteDifferences(string text, double x)
    {
        var prior = Prior.TryParse(text)!;
        double u = prior.Support switch { ParameterSupport.Positive => Math.Log(Math.Abs(x)), ParameterSupport.UnitInterval => Math.Log(x / (1 - x)), _ => x };
        prior.LogDensityUnconstrained(u, out double derivative);
        const double h = 1e-6;
        double numeric = (prior.LogDensityUnconstrained(u + h, out _) - prior.LogDensityUnconstrained(u - h, out _)) / (2 * h);
        Assert.Equal(numeric, derivative, 1e-6 * Math.Max(1, Math.Abs(numeric)));
    }

    [Fact]
    public void OverridingOnePrior_ChangesTheDensityByExactlyThatPrior()
    {
        var q = ReferenceFiles.Json("stan/logdensity_reference.json").GetProperty("points").GetProperty("truth")
            .GetProperty("unconstrained_stan_order").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var spec = ReferenceFiles.StandardSpec with { Priors = new MmmPriors { Overrides = new Dictionary<string, Prior> { ["saturation_beta[tv_spend]"] = Prior.Gamma(2, 4) } } };
        var custom = new MmmPosterior(ScaledMmmData.Prepare(ReferenceFiles.StandardData(), spec));
        var standard = new MmmPosterior(ScaledMmmData.Prepare(ReferenceFiles.StandardData(), ReferenceFiles.StandardSpec));
        var g = new double[q.Length];
        double difference = custom.CreateEvaluator().LogDensityGradient(q, g) - standard.CreateEvaluator().LogDensityGradient(q, g);
        double beta = Math.Exp(q[custom.Layout.Beta(0)]);
        Assert.Equal(Gamma.PDFLn(2, 4, beta) - (Math.Log(2) + Normal.PDFLn(0, 2, beta)), difference, 1e-10);
    }

    [Fact]
    public void PriorsThatDoNotFit_AreRefusedNamingTheParameter()
    {
        var spec = ReferenceFiles.StandardSpec with
        {
            Priors = new MmmPriors
            {
                Overrides = new Dictionary<string, Prior>
                {
                    ["intercept"] = Prior.Beta(2, 2),                    // support (0, 1) for a real parameter
                    ["saturation_beta[radio_spend]"] = Prior.HalfNormal(1), // no such channel
                    ["y_sigma"] = new Prior(PriorFamily.HalfNormal, -1),   // negative scale
                },
            },
        };
        var ex = Assert.Throws<MmmDataException>(() => ScaledMmmData.Prepare(ReferenceFiles.StandardData(), spec));
        Assert.Equal(["priors[intercept]", "priors[saturation_beta[radio_spend]]", "priors[y_sigma]"], ex.Problems.Select(p => p.Column).Order());
    }
}
