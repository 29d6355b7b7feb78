using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using MeiroMmm.Domain.Mmm;
using MeiroMmm.Domain.Mmm.Demo;
using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Domain.Mmm.Optimization;
using MeiroMmm.Domain.Mmm.Scenarios;

namespace MeiroMmm.Tests.Domain;

/// <summary>Realization of a budget scenario: a hand-computed case, and cases where the truth is known (demo generator).</summary>
public sealed class ScenarioRealizationTests
{
    private const int Fitted = 143, Horizon = 13;

    [Fact]
    public void HandComputedCase_MatchesTheFormulas()
    {
        // One channel, geometric adstock with l_max 2 and α = 0.5: normalized weights [2/3, 1/3]. Logistic saturation
        // β·tanh(λa/2) with λ = 2, β = 0.2. Channel scale 100, KPI scale 1000. Two draws differ in intercept and σ.
        var layout = new MmmParameterLayout(["tv"], [], []);
        var values = new double[layout.Dimension][];
        values[MmmParameterLayout.Intercept] = [0.5, 0.7];
        values[layout.Alpha(0)] = [0.5, 0.5];
        values[layout.Lambda(0)] = [2, 2];
        values[layout.Beta(0)] = [0.2, 0.2];
        values[layout.Sigma] = [0.01, 0.02];
        var forecaster = new KpiForecaster(new MmmPosteriorDraws(layout.Names, 1, 2, values), ["tv"], [100.0], 1000, lMax: 2);
        // History ends with spend 50; the plan spends 100 per period over a 4-period horizon; two periods arrived,
        // with spend 130 and 100 and KPI 700 and 900.
        var input = new RealizationInput([100.0], 4, [[0, 50]], [new(2026, 1, 5), new(2026, 1, 12)], [[130, 100]], [700, 900], [], []);
        var r = ScenarioRealizer.Realize(forecaster, input);

        // Planned: a1 = 2/3·1 + 1/3·0.5 = 5/6, a2 = 1; media = 1000·0.2·tanh(a) = 200·tanh(5/6), 200·tanh(1).
        double m1 = 200 * Math.Tanh(5.0 / 6), m2 = 200 * Math.Tanh(1.0);
        Assert.Equal(m1 + m2, r.Channels[0].PlannedContribution.Mean, 1e-9);
        Assert.Equal(500 + m1, r.Periods[0].Planned.Mean - 100, 1e-9);   // mean of the two draws' μ: intercepts 500 and 700
        // Mixture of N(500 + m1, 10) and N(700 + m1, 20): the 5% point lies in the first component, where its CDF is 0.1
        // (the second's is Φ(−10) ≈ 0); the 95% point where the second's CDF is 0.9. z_0.9 = 1.2815516.
        Assert.Equal(500 + m1 - 10 * 1.2815516, r.Periods[0].Planned.Lower, 1e-4);
        Assert.Equal(700 + m1 + 20 * 1.2815516, r.Periods[0].Planned.Upper, 1e-4);
        // At actual spend: a1 = 2/3·1.3 + 1/3·0.5 = 31/30, a2 = 2/3·1 + 1/3·1.3 = 1.1.
        double a1 = 200 * Math.Tanh(31.0 / 30), a2 = 200 * Math.Tanh(1.1);
        Assert.Equal(a1 + a2, r.Channels[0].ContributionAtActualSpend.Mean, 1e-9);
        // The sum of 2 periods: N(1000 + m1 + m2, 10√2) and N(1400 + m1 + m2, 20√2).
        Assert.Equal(1000 + m1 + m2 - 10 * Math.Sqrt(2) * 1.2815516, r.Total.PlannedKpi.Lower, 1e-4);
        Assert.Equal(1400 + m1 + m2 + 20 * Math.Sqrt(2) * 1.2815516, r.Total.PlannedKpi.Upper, 1e-4);
        // Spend 230 against a plan of 200: +15%, beyond the 10% tolerance.
        Assert.Equal(200, r.Channels[0].PlannedSpend);
        Assert.Equal(230, r.Channels[0].ActualSpend);
        Assert.Equal(0.15, r.Channels[0].SpendDeviation!.Value, 1e-12);
        Assert.True(r.Channels[0].OffPlan);
        // m1 = 136.5, so period 1's plan interval is about [623.6, 862.1]: 700 is inside it.
        Assert.Equal(RealizationStatus.Inside, r.Periods[0].PlannedStatus);
        Assert.Equal(2, r.RealizedPeriods);
        Assert.Equal(1600, r.Total.ActualKpi);
    }

    [Fact]
    public void NormalMixture_OfOneComponent_IsTheNormalInterval()
    {
        var interval = PredictiveInterval.FromNormalMixture([100], [10], 0.9);
        Assert.Equal(100 - 16.448536, interval.Lower, 1e-4);
        Assert.Equal(100 + 16.448536, interval.Upper, 1e-4);
        Assert.Equal(RealizationStatus.Below, interval.Check(83));
        Assert.Equal(RealizationStatus.Above, interval.Check(117));
        Assert.Equal(RealizationStatus.Inside, interval.Check(116));
    }

    /// <summary>The generator's demo data, a posterior concentrated on its true parameters, and the split at week 143.</summary>
    private sealed record KnownTruth(DemoMmmDataset Demo, ScaledMmmData Scaled, KpiForecaster Forecaster)
    {
        public static KnownTruth Generate(int seed)
        {
            var demo = new WeeklyMmmDemoGenerator().Generate(seed);
            var spec = new MmmModelSpec(WeeklyMmmDemoGenerator.KpiName, [.. demo.Data.Channels.Select(c => c.Name)], [.. demo.Data.Controls.Select(c => c.Name)])
                { FourierOrder = WeeklyMmmDemoGenerator.FourierOrder, LMax = WeeklyMmmDemoGenerator.LMax };
            var scaled = ScaledMmmData.Prepare(demo.Data, spec);   // the truth is stated on the whole dataset's scales
            var layout = new MmmParameterLayout(spec.Channels, scaled.ControlNames, scaled.FourierNames);
            var values = layout.Names.Select(n => Enumerable.Repeat(demo.Truth.Parameters[n], 4).ToArray()).ToArray();
            var forecaster = new KpiForecaster(new MmmPosteriorDraws(layout.Names, 1, 4, values), spec.Channels, scaled.ChannelScales, scaled.TargetScale, scaled.LMax);
            return new(demo, scaled, forecaster);
        }

        public double[][] Slice(double[] channelMajor, int count, int from, int length) =>
            [.. Enumerable.Range(0, count).Select(i => channelMajor.AsSpan(i * Scaled.Periods + from, length).ToArray())];

        public RealizationInput Input(double[] plannedPerPeriod, double[][] actualSpend, double[] actualKpi) => new(
            plannedPerPeriod, Horizon, Slice(Scaled.Spend, Scaled.ChannelCount, 0, Fitted),
            [.. Scaled.Dates.Skip(Fitted).Take(Horizon)], actualSpend, actualKpi,
            Slice(Scaled.Controls, Scaled.ControlNames.Count, Fitted, Horizon), Slice(Scaled.Fourier, Scaled.FourierNames.Count, Fitted, Horizon));

        public double[][] FutureSpend => Slice(Scaled.Spend, Scaled.ChannelCount, Fitted, Horizon);
        public double[] FutureKpi => Demo.Data.Kpis[0].Values[Fitted..(Fitted + Horizon)];
    }

    [Fact]
    public void KnownTruth_NinetyPercentIntervalsCoverAboutNinetyPercentOfWhatHappened()
    {
        // 30 datasets simulated from known parameters: weeks 144–156 "arrive" after a plan made at week 143. With the true
        // parameters as the posterior, each week's KPI falls in its 90% predictive interval with probability 0.9.
        int inside = 0, periods = 0, totalsInside = 0;
        for (int seed = 1; seed <= 30; seed++)
        {
            var truth = KnownTruth.Generate(seed);
            var spend = truth.FutureSpend;
            var r = ScenarioRealizer.Realize(truth.Forecaster, truth.Input([.. spend.Select(s => s.Average())], spend, truth.FutureKpi));
            inside += r.Periods.Count(p => p.ActualSpendStatus == RealizationStatus.Inside);
            periods += r.Periods.Count;
            if (r.Total.ActualSpendStatus == RealizationStatus.Inside) totalsInside++;
        }
        double coverage = inside / (double)periods;   // 390 periods: binomial sd 0.015
        Assert.InRange(coverage, 0.85, 0.95);
        Assert.InRange(totalsInside, 23, 30);         // 30 totals at 0.9: 27 expected, P(< 23) ≈ 2%
    }

    [Fact]
    public void KnownTruth_PlanFollowed_IsInside_AndAShockOrADeviationIsFlagged()
    {
        var truth = KnownTruth.Generate(WeeklyMmmDemoGenerator.DefaultSeed);
        var channels = truth.Scaled.ChannelNames;
        // Plan the 13 weeks with the optimizer on the true curves, keeping the recent average budget.
        var draws = new MmmPosteriorDraws(new MmmParameterLayout(channels, truth.Scaled.ControlNames, truth.Scaled.FourierNames).Names, 1, 4,
            [.. new MmmParameterLayout(channels, truth.Scaled.ControlNames, truth.Scaled.FourierNames).Names.Select(n => Enumerable.Repeat(truth.Demo.Truth.Parameters[n], 4).ToArray())]);
        var model = new ResponseModel(draws, channels, truth.Scaled.ChannelScales, truth.Scaled.TargetScale, truth.Scaled.LMax, Horizon);
        var recent = truth.Slice(truth.Scaled.Spend, channels.Count, Fitted - Horizon, Horizon).Select(s => s.Sum()).ToArray();
        var plan = BudgetOptimizer.Optimize(model, new BudgetRequest(recent.Sum(), recent, []));
        double[] perPeriod = [.. plan.Allocation.Select(a => a.Optimal / Horizon)];

        // The plan is executed exactly; the world follows the true model (simulated here independently of the forecaster:
        // the generator's own transforms) with its noise.
        var executed = perPeriod.Select(p => Enumerable.Repeat(p, Horizon).ToArray()).ToArray();
        var outcome = Simulate(truth, executed, seed: 7);
        var followed = ScenarioRealizer.Realize(truth.Forecaster, truth.Input(perPeriod, executed, outcome));
        Assert.Equal(RealizationStatus.Inside, followed.Total.PlannedStatus);
        Assert.All(followed.Channels, c => Assert.False(c.OffPlan));
        Assert.InRange(followed.Total.PeriodsOutsidePlanned, 0, 4);   // 13 weeks at 0.9: 1.3 expected

        // A shock the model does not know (demand −15%): the total is flagged below, under the plan and at actual spend.
        var shocked = ScenarioRealizer.Realize(truth.Forecaster, truth.Input(perPeriod, executed, [.. outcome.Select(y => 0.85 * y)]));
        Assert.Equal(RealizationStatus.Below, shocked.Total.PlannedStatus);
        Assert.Equal(RealizationStatus.Below, shocked.Total.ActualSpendStatus);
        Assert.True(shocked.Total.PeriodsOutsidePlanned >= 10);

        // The plan not followed: its largest channel gets nothing. The outcome falls below the plan's interval but inside the
        // interval at the spend that happened, and that channel is off plan: execution, not the model, explains the miss.
        int tv = Array.IndexOf(perPeriod, perPeriod.Max());
        var skipped = executed.Select((s, c) => c == tv ? new double[Horizon] : s).ToArray();
        var skippedOutcome = Simulate(truth, skipped, seed: 7);
        var deviated = ScenarioRealizer.Realize(truth.Forecaster, truth.Input(perPeriod, skipped, skippedOutcome));
        Assert.Equal(RealizationStatus.Below, deviated.Total.PlannedStatus);
        Assert.Equal(RealizationStatus.Inside, deviated.Total.ActualSpendStatus);
        Assert.True(deviated.Channels[tv].OffPlan);
        Assert.Equal(-1, deviated.Channels[tv].SpendDeviation!.Value, 1e-12);
        Assert.True(deviated.Channels[tv].ContributionAtActualSpend.Mean < 0.5 * deviated.Channels[tv].PlannedContribution.Mean);   // only carry-over remains
    }

    /// <summary>The KPI of the true model for a spend path after week 143, with its noise: generator transforms on full-data scales.</summary>
    private static double[] Simulate(KnownTruth truth, double[][] spend, int seed)
    {
        var p = truth.Demo.Truth.Parameters;
        var s = truth.Scaled;
        var rng = new MersenneTwister(seed);
        var y = new double[Horizon];
        for (int t = 0; t < Horizon; t++)
        {
            int w = Fitted + t;
            double mu = p["intercept"];
            for (int k = 0; k < s.ControlNames.Count; k++) mu += p[$"gamma_control[{s.ControlNames[k]}]"] * s.Controls[k * s.Periods + w];
            for (int j = 0; j < s.FourierNames.Count; j++) mu += p[$"gamma_fourier[{s.FourierNames[j]}]"] * s.Fourier[j * s.Periods + w];
            y[t] = mu + Normal.Sample(rng, 0, p["y_sigma"]);
        }
        for (int c = 0; c < s.ChannelCount; c++)
        {
            string name = s.ChannelNames[c];
            var series = s.Spend.AsSpan(c * s.Periods, Fitted).ToArray().Concat(spend[c]).Select(v => v / s.ChannelScales[c]).ToArray();
            var adstocked = new double[series.Length];
            MediaTransforms.GeometricAdstock(series, p[$"adstock_alpha[{name}]"], s.LMax, adstocked);
            for (int t = 0; t < Horizon; t++) y[t] += p[$"saturation_beta[{name}]"] * MediaTransforms.Logistic(adstocked[Fitted + t], p[$"saturation_lam[{name}]"]);
        }
        return [.. y.Select(v => v * s.TargetScale)];
    }
}
