using MathNet.Numerics.Distributions;
using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Domain;

/// <summary>Lift-test calibration (PRIORS.md §8): the likelihood term, its gradient, and its effect on a fit.</summary>
public sealed class LiftTestTests
{
    private static readonly double[] Truth = ReferenceFiles.Json("stan/logdensity_reference.json").GetProperty("points").GetProperty("truth")
        .GetProperty("unconstrained_stan_order").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static MmmPosterior Posterior(params LiftTest[] lifts) =>
        new(ScaledMmmData.Prepare(ReferenceFiles.StandardData(), ReferenceFiles.StandardSpec with { LiftTests = lifts }));

    [Fact]
    public void LiftTerm_IsTheGammaLogDensityOfTheMeasuredLift()
    {
        var lift = new LiftTest("search_spend", X: 30_000, DeltaX: 6_000, DeltaY: 40_000, Sigma: 8_000);
        var with = Posterior(lift);
        var gradient = new double[Truth.Length];
        double difference = with.CreateEvaluator().LogDensityGradient(Truth, gradient) - Posterior().CreateEvaluator().LogDensityGradient(Truth, gradient);

        // Independently: μ = β(tanh(λ(x+Δx)/2) − tanh(λx/2)) in scaled units; Gamma with mean μ and sd σ (MathNet: shape, rate).
        var data = with.Data;
        int c = data.ChannelNames.ToList().IndexOf("search_spend");
        double lambda = Math.Exp(Truth[with.Layout.Lambda(c)]), beta = Math.Exp(Truth[with.Layout.Beta(c)]);
        double scale = data.ChannelScales[c], s = data.TargetScale;
        double mu = beta * (Math.Tanh(lambda * (36_000 / scale) / 2) - Math.Tanh(lambda * (30_000 / scale) / 2));
        double sigma = 8_000 / s;
        double expected = Gamma.PDFLn(mu * mu / (sigma * sigma), mu / (sigma * sigma), 40_000 / s);
        Assert.Equal(expected, difference, 1e-9);
    }

    [Fact]
    public void GradientWithLiftTests_MatchesFiniteDifferences()
    {
        var posterior = Posterior(new LiftTest("search_spend", 30_000, 6_000, 40_000, 8_000), new LiftTest("tv_spend", 50_000, -20_000, -30_000, 10_000));
        GradientCheck.AssertMatchesFiniteDifferences(posterior.CreateEvaluator(), Truth, posterior.Layout.Names);
    }

    [Fact]
    public void BadLiftTests_AreReportedByRow()
    {
        var spec = ReferenceFiles.StandardSpec with
        {
            LiftTests = [new LiftTest("radio_spend", 1, 1, 1, 1), new LiftTest("tv_spend", 100, 50, -10, 5), new LiftTest("tv_spend", 100, 50, 10, 0)],
        };
        var problems = MmmDataValidator.Validate(ReferenceFiles.StandardData(), spec);
        Assert.Equal(["lift_tests[1]", "lift_tests[2]", "lift_tests[3]"], problems.Select(p => p.Column));
    }

    [Fact]
    public void AnAccurateLiftTest_NarrowsTheChannelsRoasTowardTheTruth()
    {
        // A lift measured on the true curve (reference truth) with a 5% standard error, at search's average weekly spend +20%.
        var truth = ReferenceFiles.Json("stan/standard.truth.json").GetProperty("parameters");
        var plain = ScaledMmmData.Prepare(ReferenceFiles.StandardData(), ReferenceFiles.StandardSpec);
        int c = 1;   // search_spend
        double scale = plain.ChannelScales[c], weekly = plain.Spend.Skip(c * plain.Periods).Take(plain.Periods).Average();
        double lambda = truth.GetProperty("saturation_lam[search_spend]").GetDouble(), beta = truth.GetProperty("saturation_beta[search_spend]").GetDouble();
        double trueLift = plain.TargetScale * beta * (Math.Tanh(lambda * 1.2 * weekly / scale / 2) - Math.Tanh(lambda * weekly / scale / 2));
        var calibrated = ScaledMmmData.Prepare(ReferenceFiles.StandardData(), ReferenceFiles.StandardSpec with
        {
            LiftTests = [new LiftTest("search_spend", weekly, 0.2 * weekly, trueLift, 0.05 * trueLift)],
        });

        var without = LaplaceFitter.Fit(plain, 2000, 3, CancellationToken.None).Parameters.Single(p => p.Name == "saturation_beta[search_spend]").Summary;
        var with = LaplaceFitter.Fit(calibrated, 2000, 3, CancellationToken.None).Parameters.Single(p => p.Name == "saturation_beta[search_spend]").Summary;
        Assert.True(with.Q95 - with.Q05 < 0.5 * (without.Q95 - without.Q05), $"90% width {with.Q95 - with.Q05:0.000} vs {without.Q95 - without.Q05:0.000}");
        Assert.InRange(beta, with.Q05, with.Q95);
    }
}
