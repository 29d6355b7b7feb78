using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Domain.Mmm.Optimization;

namespace MeiroMmm.Tests.Domain;

public sealed class BudgetOptimizerTests
{
    /// <summary>A posterior of <paramref name="draws"/> draws per channel around the given (α, λ, β), with spread.</summary>
    private static ResponseModel Model(string[] channels, (double Alpha, double Lambda, double Beta)[] centre, int draws = 40, int horizon = 8)
    {
        var layout = new MmmParameterLayout(channels, [], []);
        var values = Enumerable.Range(0, layout.Dimension).Select(_ => new double[draws]).ToArray();
        var rng = new MeiroMmm.Domain.Mmm.Sampling.ChainRandom(5, 0);
        for (int s = 0; s < draws; s++)
            for (int c = 0; c < channels.Length; c++)
            {
                values[layout.Alpha(c)][s] = Math.Clamp(centre[c].Alpha + 0.05 * rng.StandardNormal(), 0.01, 0.95);
                values[layout.Lambda(c)][s] = centre[c].Lambda * Math.Exp(0.2 * rng.StandardNormal());
                values[layout.Beta(c)][s] = centre[c].Beta * Math.Exp(0.3 * rng.StandardNormal());
            }
        var posterior = new MmmPosteriorDraws(layout.Names, 1, draws, values);
        return new ResponseModel(posterior, channels, [.. channels.Select(_ => 10_000.0)], targetScale: 1_000_000, lMax: 8, horizon);
    }

    private static double MeanResponse(ResponseModel model, double[] allocation)
    {
        var totals = new double[model.Draws];
        model.TotalResponse(allocation, totals);
        return totals.Average();
    }

    [Fact]
    public void TwoChannels_MatchesABruteForceGrid()
    {
        var model = Model(["a", "b"], [(0.5, 2.0, 0.3), (0.2, 4.0, 0.15)]);
        const double budget = 120_000;
        var plan = BudgetOptimizer.Optimize(model, new BudgetRequest(budget, [60_000, 60_000], []));
        double best = double.NegativeInfinity, bestA = 0;
        for (int i = 0; i <= 1000; i++)
        {
            double a = budget * i / 1000, value = MeanResponse(model, [a, budget - a]);
            if (value > best) { best = value; bestA = a; }
        }
        Assert.True(plan.Objective >= best - 1e-6 * best, $"optimizer {plan.Objective} < grid {best}");
        Assert.Equal(bestA, plan.Allocation[0].Optimal, budget / 500);
        Assert.Equal(budget, plan.Allocation.Sum(a => a.Optimal), 1e-6);
    }

    [Fact]
    public void ThreeChannelsWithBounds_MatchesABruteForceGrid()
    {
        var model = Model(["a", "b", "c"], [(0.6, 1.5, 0.25), (0.1, 3.0, 0.2), (0.4, 2.5, 0.1)]);
        const double budget = 150_000;
        var bounds = new[] { new ChannelBudgetBounds("b", 20_000, 60_000), new ChannelBudgetBounds("c", 10_000, budget) };
        var plan = BudgetOptimizer.Optimize(model, new BudgetRequest(budget, [50_000, 50_000, 50_000], bounds));
        double best = double.NegativeInfinity;
        const int steps = 150;
        for (int i = 0; i <= steps; i++)
            for (int j = 0; j <= steps - i; j++)
            {
                double a = budget * i / steps, b = budget * j / steps, c = budget - a - b;
                if (b < 20_000 || b > 60_000 || c < 10_000) continue;
                best = Math.Max(best, MeanResponse(model, [a, b, c]));
            }
        Assert.True(plan.Objective >= best - 1e-6 * best, $"optimizer {plan.Objective} < grid {best}");
        Assert.InRange(plan.Allocation[1].Optimal, 20_000 - 1e-6, 60_000 + 1e-6);
        Assert.True(plan.Allocation[2].Optimal >= 10_000 - 1e-6);
        Assert.True(plan.Uplift.Mean >= -1e-6);
    }

    [Fact]
    public void LockedChannel_KeepsItsCurrentSpend_AndRiskAversionNarrowsTheSpread()
    {
        var model = Model(["a", "b", "c"], [(0.6, 1.5, 0.25), (0.1, 3.0, 0.2), (0.4, 2.5, 0.1)]);
        var request = new BudgetRequest(150_000, [50_000, 40_000, 60_000], [new ChannelBudgetBounds("c", 0, 0, Locked: true)]);
        var neutral = BudgetOptimizer.Optimize(model, request);
        Assert.Equal(60_000, neutral.Allocation[2].Optimal, 1e-6);
        var averse = BudgetOptimizer.Optimize(model, request with { RiskAversion = 2 });
        double Spread(BudgetPlan p) => p.OptimalResponse.Q95 - p.OptimalResponse.Q05;
        Assert.True(Spread(averse) <= Spread(neutral) + 1e-6);
        Assert.True(averse.OptimalResponse.Mean <= neutral.OptimalResponse.Mean + 1e-6);
    }

    [Fact]
    public void InfeasibleBounds_AreRefusedWithTheNumbers()
    {
        var model = Model(["a", "b"], [(0.5, 2.0, 0.3), (0.2, 4.0, 0.15)]);
        var ex = Assert.Throws<ArgumentException>(() => BudgetOptimizer.Optimize(model,
            new BudgetRequest(100_000, [50_000, 50_000], [new ChannelBudgetBounds("a", 0, 10_000), new ChannelBudgetBounds("b", 0, 20_000)])));
        Assert.Contains("maximums add up to 30,000", ex.Message);
    }

    [Fact]
    public void ResponseDerivative_MatchesFiniteDifferences()
    {
        var model = Model(["a"], [(0.5, 2.0, 0.3)], draws: 3);
        for (int s = 0; s < 3; s++)
        {
            model.Response(0, s, 40_000, out double d);
            double numeric = (model.Response(0, s, 40_001, out _) - model.Response(0, s, 39_999, out _)) / 2;
            Assert.Equal(numeric, d, Math.Abs(numeric) * 1e-6);
        }
    }
}
