using MeiroMmm.Domain.Mmm.Diagnostics;
using MeiroMmm.Domain.Mmm.Sampling;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Domain;

/// <summary>
/// NUTS on posteriors with known answers (reference/sampler/README.md): means and variances within 4 Monte Carlo
/// standard errors, R-hat below 1.01; the centred eight schools must report divergences.
/// </summary>
public sealed class NutsSamplerTests
{
    private sealed class DelegateDensity(int dimension, Func<ReadOnlySpan<double>, Span<double>, double> logDensity) : IDensityModel, IGradientEvaluator
    {
        public int Dimension => dimension;
        public IGradientEvaluator CreateEvaluator() => this;   // stateless: safe to share between chains
        public double LogDensityGradient(ReadOnlySpan<double> q, Span<double> gradient) => logDensity(q, gradient);
    }

    private static readonly SamplerSettings Settings = new() { Chains = 4, Warmup = 1000, Draws = 1000, Seed = 7, TargetAcceptance = 0.8 };

    private static double[][] Chains(IReadOnlyList<ChainDraws> chains, Func<ReadOnlySpan<double>, double> f) =>
        [.. chains.Select(c => Enumerable.Range(0, c.Draws).Select(i => f(c.Draw(i))).ToArray())];

    /// <summary>Mean and variance of f over the draws agree with the truth within 4 MCSE (own MCSE combined with the reference's).</summary>
    private static void AssertMoments(string name, double[][] draws, double mean, double variance, double referenceMcseMean = 0, double referenceMcseVariance = 0)
    {
        var s = ConvergenceDiagnostics.Summarize(draws);
        Assert.True(s.Rhat < 1.01, $"{name}: R-hat {s.Rhat}, bulk-ESS {s.EssBulk:0}, tail-ESS {s.EssTail:0}");
        double meanTolerance = 4 * Math.Sqrt(s.McseMean * s.McseMean + referenceMcseMean * referenceMcseMean);
        Assert.True(Math.Abs(s.Mean - mean) <= meanTolerance, $"{name}: mean {s.Mean} vs {mean} (±{meanTolerance})");
        // Var = sd², so MCSE(var) ≈ 2·sd·MCSE(sd).
        double mcseVariance = 2 * s.Sd * s.McseSd;
        double varianceTolerance = 4 * Math.Sqrt(mcseVariance * mcseVariance + referenceMcseVariance * referenceMcseVariance);
        Assert.True(Math.Abs(s.Sd * s.Sd - variance) <= varianceTolerance, $"{name}: variance {s.Sd * s.Sd} vs {variance} (±{varianceTolerance})");
    }

    [Fact]
    public void StandardNormal100_RecoversZeroMeansAndUnitVariances()
    {
        var model = new DelegateDensity(100, (q, g) =>
        {
            double lp = 0;
            for (int i = 0; i < q.Length; i++) { lp -= 0.5 * q[i] * q[i]; g[i] = -q[i]; }
            return lp;
        });
        var chains = NutsSampler.Sample(model, Settings, null, TestContext.Current.CancellationToken);
        for (int i = 0; i < 100; i++)
        {
            int k = i;
            AssertMoments($"x[{k}]", Chains(chains, q => q[k]), 0, 1);
        }
        Assert.Equal(0, chains.Sum(c => c.Divergent.Count(d => d)));
    }

    [Fact]
    public void CorrelatedNormal2D_RecoversVariancesAndCorrelation()
    {
        // Σ = [[1, 9.9], [9.9, 100]]: sd 1 and 10, correlation 0.99. Precision = Σ⁻¹.
        const double s11 = 1, s22 = 100, s12 = 9.9;
        double det = s11 * s22 - s12 * s12;
        double p11 = s22 / det, p22 = s11 / det, p12 = -s12 / det;
        var model = new DelegateDensity(2, (q, g) =>
        {
            g[0] = -(p11 * q[0] + p12 * q[1]);
            g[1] = -(p12 * q[0] + p22 * q[1]);
            return 0.5 * (q[0] * g[0] + q[1] * g[1]);
        });
        // Highly correlated under a diagonal metric: ESS per draw is low (≈0.15, as for Stan), so take more draws.
        var chains = NutsSampler.Sample(model, Settings with { TargetAcceptance = 0.9, Draws = 3000 }, null, TestContext.Current.CancellationToken);
        AssertMoments("x", Chains(chains, q => q[0]), 0, 1);
        AssertMoments("y", Chains(chains, q => q[1]), 0, 100);
        var all = chains.SelectMany(c => Enumerable.Range(0, c.Draws).Select(i => (c.Draw(i)[0], c.Draw(i)[1]))).ToList();
        double correlation = MathNet.Numerics.Statistics.Correlation.Pearson(all.Select(p => p.Item1), all.Select(p => p.Item2));
        Assert.InRange(correlation, 0.985, 0.995);
    }

    private static readonly double[] SchoolY = [28, 8, -3, 7, -1, 1, 18, 12];
    private static readonly double[] SchoolSigma = [15, 10, 16, 11, 9, 11, 10, 18];

    /// <summary>Non-centred: q = (mu, log tau, theta_trans[8]); log-Jacobian of tau = e^v is v.</summary>
    private static double NonCentred(ReadOnlySpan<double> q, Span<double> g)
    {
        double mu = q[0], v = q[1], tau = Math.Exp(v);
        double lp = -mu * mu / 50 - Math.Log(1 + tau * tau / 25) + v;   // N(0,5), half-Cauchy(0,5), Jacobian
        g[0] = -mu / 25;
        g[1] = -2 * tau * tau / 25 / (1 + tau * tau / 25) + 1;
        for (int j = 0; j < 8; j++)
        {
            double z = q[2 + j], theta = mu + tau * z, r = (SchoolY[j] - theta) / (SchoolSigma[j] * SchoolSigma[j]);
            lp += -0.5 * z * z - 0.5 * (SchoolY[j] - theta) * r;
            g[0] += r;
            g[1] += r * tau * z;
            g[2 + j] = -z + r * tau;
        }
        return lp;
    }

    /// <summary>Stan's adaptation (the default: diagonal, per chain) or the experimental dense one pooled across chains.</summary>
    private static SamplerSettings WithAdaptation(SamplerSettings settings, string adaptation) =>
        adaptation == "dense" ? SamplerSettings.PooledDenseAdaptation(settings) : settings;

    [Theory]
    [InlineData("dense")]
    [InlineData("stan")]
    public void EightSchoolsNonCentred_MatchesTheRstanReference(string adaptation)
    {
        var reference = ReferenceFiles.Json("sampler/eight_schools_reference.json");
        var chains = NutsSampler.Sample(new DelegateDensity(10, NonCentred), WithAdaptation(Settings, adaptation), null, TestContext.Current.CancellationToken);
        void Check(string name, Func<ReadOnlySpan<double>, double> f)
        {
            var r = reference.GetProperty(name);
            double sd = r.GetProperty("sd").GetDouble();
            // The reference's variance error: sd²·√(2/ESS) (normal approximation; tiny beside ours with 200,000 draws).
            AssertMoments(name, Chains(chains, f), r.GetProperty("mean").GetDouble(), r.GetProperty("variance").GetDouble(),
                r.GetProperty("mcse_mean").GetDouble(), sd * sd * Math.Sqrt(2 / r.GetProperty("ess_bulk").GetDouble()));
        }
        Check("mu", q => q[0]);
        Check("tau", q => Math.Exp(q[1]));
        for (int j = 0; j < 8; j++) { int k = j; Check($"theta_trans[{k + 1}]", q => q[2 + k]); }
    }

    [Fact]
    public void EightSchoolsCentred_ReportsDivergences()
    {
        // q = (mu, log tau, theta[8]): the funnel between tau and theta defeats any step size.
        static double Centred(ReadOnlySpan<double> q, Span<double> g)
        {
            double mu = q[0], v = q[1], tau = Math.Exp(v);
            double lp = -mu * mu / 50 - Math.Log(1 + tau * tau / 25) + v - 8 * v;
            g[0] = -mu / 25;
            g[1] = -2 * tau * tau / 25 / (1 + tau * tau / 25) + 1 - 8;
            for (int j = 0; j < 8; j++)
            {
                double theta = q[2 + j], d = (theta - mu) / tau;
                lp += -0.5 * d * d - 0.5 * (SchoolY[j] - theta) * (SchoolY[j] - theta) / (SchoolSigma[j] * SchoolSigma[j]);
                g[0] += d / tau;
                g[1] += d * d;
                g[2 + j] = -d / tau + (SchoolY[j] - theta) / (SchoolSigma[j] * SchoolSigma[j]);
            }
            return lp;
        }
        var chains = NutsSampler.Sample(new DelegateDensity(10, Centred), Settings, null, TestContext.Current.CancellationToken);
        Assert.True(chains.Sum(c => c.Divergent.Count(d => d)) > 0);
    }

    [Theory]
    [InlineData("dense")]
    [InlineData("stan")]
    public void SameSeed_GivesBitIdenticalDraws_WhateverTheParallelism(string adaptation)
    {
        var model = new DelegateDensity(10, NonCentred);
        var small = WithAdaptation(Settings with { Warmup = 200, Draws = 100 }, adaptation);
        var parallel = NutsSampler.Sample(model, small with { MaxParallelism = 4 }, null, TestContext.Current.CancellationToken);
        var serial = NutsSampler.Sample(model, small with { MaxParallelism = 1 }, null, TestContext.Current.CancellationToken);
        for (int c = 0; c < 4; c++) Assert.Equal(serial[c].Values, parallel[c].Values);
        Assert.NotEqual(serial[0].Values, serial[1].Values);
    }

    [Fact]
    public void PooledAdaptation_SharesOneMetricAndOneScaledStepSize()
    {
        var window = Settings with { Warmup = 300, Draws = 50 };
        var chains = NutsSampler.Sample(new DelegateDensity(10, NonCentred), SamplerSettings.PooledDenseAdaptation(window), null, TestContext.Current.CancellationToken);
        Assert.All(chains, c => Assert.Equal(chains[0].InverseMetric, c.InverseMetric));
        Assert.All(chains, c => Assert.Equal(chains[0].StepSize, c.StepSize));
        var alone = NutsSampler.Sample(new DelegateDensity(10, NonCentred), window, null, TestContext.Current.CancellationToken);
        Assert.NotEqual(alone[0].StepSize, alone[1].StepSize);   // Stan's: each chain its own
    }

    [Fact]
    public void InitialInverseMetric_IsWhereWarmupStarts_AndStaysDeterministic()
    {
        // A badly scaled normal (sd 0.01 … 10): warm-up too short for a metric window (< 20 iterations: step size only),
        // so the chains sample with the metric they were given.
        double[] sd = [0.01, 0.1, 1, 10];
        double Scaled(ReadOnlySpan<double> q, Span<double> g)
        {
            double lp = 0;
            for (int i = 0; i < 4; i++) { lp -= 0.5 * q[i] * q[i] / (sd[i] * sd[i]); g[i] = -q[i] / (sd[i] * sd[i]); }
            return lp;
        }
        var model = new DelegateDensity(4, Scaled);
        double[] variances = [.. sd.Select(s => s * s)];
        var shortWarmup = Settings with { Warmup = 15, Draws = 200 };
        var given = NutsSampler.Sample(model, shortWarmup, null, TestContext.Current.CancellationToken, initialInverseMetric: variances);
        var identity = NutsSampler.Sample(model, shortWarmup, null, TestContext.Current.CancellationToken);
        Assert.All(given, c => Assert.Equal(variances, c.InverseMetric));
        Assert.All(identity, c => Assert.Equal([1.0, 1, 1, 1], c.InverseMetric));
        // With the right scales one step size fits every coordinate: short trees; with the identity, ε must suit sd 0.01
        // and the trajectory must still cross sd 10, so trees hit far more leapfrog steps.
        Assert.True(given.Sum(c => c.GradientEvaluations) * 5 < identity.Sum(c => c.GradientEvaluations),
            $"{given.Sum(c => c.GradientEvaluations)} vs {identity.Sum(c => c.GradientEvaluations)} gradients");
        var serial = NutsSampler.Sample(model, shortWarmup with { MaxParallelism = 1 }, null, TestContext.Current.CancellationToken, initialInverseMetric: variances);
        for (int c = 0; c < 4; c++) Assert.Equal(serial[c].Values, given[c].Values);
    }

    [Fact]
    public void Cancellation_StopsSampling()
    {
        using var cts = new CancellationTokenSource();
        var progress = new Progress<FitProgress>();
        var model = new DelegateDensity(10, NonCentred);
        cts.CancelAfter(TimeSpan.FromMilliseconds(50));
        Assert.ThrowsAny<OperationCanceledException>(() => NutsSampler.Sample(model, Settings with { Warmup = 1_000_000 }, progress, cts.Token));
    }
}
