using MeiroMmm.Domain.Mmm.Explained;
using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Domain.Mmm.Optimization;

namespace MeiroMmm.Tests.Domain;

/// <summary>MMM explained: marginal ROAS and elasticity against central finite differences of the same response curve, and the quadrants.</summary>
public sealed class ChannelLeverageTests
{
    private static readonly string[] Channels = ["tv", "search", "social"];

    /// <summary>30 draws around (α, λ, β) per channel, with spread, scale 10 000 per channel, target scale 1 000 000.</summary>
    private static ResponseModel Model()
    {
        (double Alpha, double Lambda, double Beta)[] centre = [(0.5, 0.8, 0.3), (0.2, 4.0, 0.15), (0.3, 0.3, 0.02)];
        var layout = new MmmParameterLayout(Channels, [], []);
        const int draws = 30;
        var values = Enumerable.Range(0, layout.Dimension).Select(_ => new double[draws]).ToArray();
        var rng = new MeiroMmm.Domain.Mmm.Sampling.ChainRandom(11, 0);
        for (int s = 0; s < draws; s++)
            for (int c = 0; c < Channels.Length; c++)
            {
                values[layout.Alpha(c)][s] = Math.Clamp(centre[c].Alpha + 0.05 * rng.StandardNormal(), 0.01, 0.95);
                values[layout.Lambda(c)][s] = centre[c].Lambda * Math.Exp(0.2 * rng.StandardNormal());
                values[layout.Beta(c)][s] = centre[c].Beta * Math.Exp(0.3 * rng.StandardNormal());
            }
        return new ResponseModel(new MmmPosteriorDraws(layout.Names, 1, draws, values), Channels, [10_000.0, 10_000.0, 10_000.0], 1_000_000, lMax: 8, horizon: 13);
    }

    private static double MeanResponse(ResponseModel model, int c, double spend)
    {
        double sum = 0;
        for (int s = 0; s < model.Draws; s++) sum += model.Response(c, s, spend, out _);
        return sum / model.Draws;
    }

    [Fact]
    public void MarginalRoasAndElasticity_MatchFiniteDifferences()
    {
        var model = Model();
        double[] spend = [400_000, 150_000, 60_000];
        var leverage = ChannelLeverageAnalysis.Analyze(model, spend);
        for (int c = 0; c < Channels.Length; c++)
        {
            double h = spend[c] * 1e-4;
            double up = MeanResponse(model, c, spend[c] + h), down = MeanResponse(model, c, spend[c] - h), at = MeanResponse(model, c, spend[c]);
            double marginal = (up - down) / (2 * h);
            // Elasticity = d ln R / d ln S, by a central difference in log spend.
            double elasticity = (Math.Log(MeanResponse(model, c, spend[c] * Math.Exp(1e-4))) - Math.Log(MeanResponse(model, c, spend[c] * Math.Exp(-1e-4)))) / 2e-4;
            Assert.Equal(marginal, leverage[c].MarginalRoas, 1e-6 * Math.Abs(marginal) + 1e-12);
            Assert.Equal(elasticity, leverage[c].Elasticity, 1e-6);
            Assert.Equal(at, leverage[c].Contribution, 1e-9 * at);
        }
        Assert.Equal(1.0, leverage.Sum(l => l.ContributionShare), 12);
    }

    [Fact]
    public void Quadrants_FollowShareAboveEqualSplitAndElasticityAboveHalf()
    {
        var model = Model();
        var leverage = ChannelLeverageAnalysis.Analyze(model, [400_000, 150_000, 60_000]);
        foreach (var l in leverage)
        {
            bool high = l.ContributionShare >= 1.0 / 3, elastic = l.Elasticity >= ChannelLeverageAnalysis.HighElasticity;
            var expected = high ? (elastic ? ChannelQuadrant.StrategicLever : ChannelQuadrant.Saturated) : (elastic ? ChannelQuadrant.GrowthOpportunity : ChannelQuadrant.LowPriority);
            Assert.Equal(expected, l.Quadrant);
        }
        // tv at λ = 0.8 and 400 000 (≈ 3 scaled units a period) is deep in its logistic curve: large share, little elasticity.
        Assert.Equal(ChannelQuadrant.Saturated, leverage[0].Quadrant);
        // A tiny spend on a nearly linear curve (social: λ = 0.3, ≈ 0.46 scaled per period) stays elastic.
        Assert.True(leverage[2].Elasticity > 0.5, $"social elasticity {leverage[2].Elasticity}");
    }

    [Fact]
    public void Elasticity_ApproachesOneAtTinySpend()
    {
        // Logistic saturation is linear near zero (f(x) ≈ λx/2), so a very small spend has elasticity ≈ 1.
        var leverage = ChannelLeverageAnalysis.Analyze(Model(), [10, 10, 10]);
        Assert.All(leverage, l => Assert.Equal(1.0, l.Elasticity, 1e-3));
    }
}
