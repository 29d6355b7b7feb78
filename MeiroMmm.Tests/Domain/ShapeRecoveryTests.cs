using MeiroMmm.Domain.Mmm;
using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Tests.Domain;

/// <summary>
/// Parameter recovery for a non-default model (Weibull CDF adstock + Hill saturation): data simulated here, with this
/// test's own straightforward formulas (not the engine's code), from known parameters; a small NUTS fit must put the truth
/// inside its 90% intervals for most parameters and for every channel's ROAS.
/// </summary>
public sealed class ShapeRecoveryTests(ITestOutputHelper output)
{
    private const int Weeks = 208, LMax = 8;
    private const double KpiUnit = 1000, SpendScale = 10_000, Intercept = 0.3, Noise = 0.02;
    private static readonly string[] Channels = ["tv", "search", "social"];
    private static readonly (double Lam, double K, double Slope, double Kappa, double Beta)[] Truth =
    [
        (2.0, 1.5, 1.5, 0.4, 0.30),
        (1.2, 1.0, 1.0, 0.3, 0.20),
        (3.0, 2.0, 2.0, 0.5, 0.25),
    ];

    [Fact]
    public void WeibullCdfWithHill_RecoversTheTruth()
    {
        var rng = new Random(20261125);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

        // Scaled spend in [0, 1] with its maximum exactly 1 (so the model's MaxAbs scaling is the identity), in flights:
        // on for 3–8 weeks at varying levels, off for 3–8 weeks, so the baseline shows between flights.
        var x = new double[Channels.Length][];
        for (int c = 0; c < Channels.Length; c++)
        {
            x[c] = new double[Weeks];
            bool on = c % 2 == 0;
            for (int t = 0; t < Weeks;)
            {
                int length = rng.Next(3, 9);
                double level = 0.2 + 0.8 * rng.NextDouble();
                for (int i = 0; i < length && t < Weeks; i++, t++) x[c][t] = on ? level * (0.8 + 0.4 * rng.NextDouble()) : 0;
                on = !on;
            }
            double max = x[c].Max();
            for (int t = 0; t < Weeks; t++) x[c][t] /= max;
        }

        // Weibull CDF weights: [1, S(1), S(1)S(2), …, S(1)…S(L)] with S(t) = exp(−(t/λ)^k), normalized (l_max + 1 lags).
        var contribution = new double[Channels.Length][];
        for (int c = 0; c < Channels.Length; c++)
        {
            var (lam, k, slope, kappa, beta) = Truth[c];
            var w = new double[LMax + 1];
            w[0] = 1;
            for (int j = 1; j <= LMax; j++) w[j] = w[j - 1] * Math.Exp(-Math.Pow(j / lam, k));
            double sum = w.Sum();
            contribution[c] = new double[Weeks];
            for (int t = 0; t < Weeks; t++)
            {
                double a = 0;
                for (int l = 0; l <= LMax && l <= t; l++) a += w[l] / sum * x[c][t - l];
                contribution[c][t] = beta * Math.Pow(a, slope) / (Math.Pow(kappa, slope) + Math.Pow(a, slope));
            }
        }
        var kpi = Enumerable.Range(0, Weeks).Select(t => KpiUnit * (Intercept + contribution.Sum(cc => cc[t]) + Noise * Normal())).ToArray();
        var dates = Enumerable.Range(0, Weeks).Select(t => new DateOnly(2023, 1, 2).AddDays(7 * t)).ToArray();
        var data = new MmmWideData(dates, [new NamedSeries("sales", kpi)],
            [.. Channels.Select((name, c) => new NamedSeries(name, [.. x[c].Select(v => v * SpendScale)]))], []);
        var spec = new MmmModelSpec("sales", Channels, []) { FourierOrder = 0, Adstock = AdstockShape.WeibullCdf, Saturation = SaturationShape.Hill };

        var scaled = ScaledMmmData.Prepare(data, spec);
        var result = MmmFitter.Fit(scaled, new SamplerSettings { Chains = 2, Warmup = 300, Draws = 300, Seed = 7, Init = InitStrategy.Mode }, null, TestContext.Current.CancellationToken);

        // The truth on the model's scale: the KPI is divided by its maximum, so β, the intercept and σ scale with it.
        double toModel = KpiUnit / scaled.TargetScale;
        var truth = new Dictionary<string, double> { ["intercept"] = Intercept * toModel, ["y_sigma"] = Noise * toModel };
        for (int c = 0; c < Channels.Length; c++)
        {
            var (lam, k, slope, kappa, beta) = Truth[c];
            truth[$"adstock_lam[{Channels[c]}]"] = lam;
            truth[$"adstock_k[{Channels[c]}]"] = k;
            truth[$"saturation_slope[{Channels[c]}]"] = slope;
            truth[$"saturation_kappa[{Channels[c]}]"] = kappa;
            truth[$"saturation_beta[{Channels[c]}]"] = beta * toModel;
        }
        int covered = 0;
        foreach (var p in result.Parameters)
        {
            bool inside = truth[p.Name] >= p.Summary.Q05 && truth[p.Name] <= p.Summary.Q95;
            if (inside) covered++;
            output.WriteLine($"{p.Name}: truth {truth[p.Name]:G4}, mean {p.Summary.Mean:G4}, 90% [{p.Summary.Q05:G4}, {p.Summary.Q95:G4}], R-hat {p.Summary.Rhat:0.000}{(inside ? "" : "  MISSED")}");
        }
        output.WriteLine($"{covered}/{result.Parameters.Count} covered, {result.Diagnostics.Divergences} divergences, {result.Diagnostics.TotalSeconds:0.0} s");
        // 17 parameters; 90% intervals miss ~1.7 on average, and a channel's slope, kappa and beta trade off along one ridge,
        // so they tend to miss together (seed 7 misses social's three; the ROAS, which is what they jointly determine, is covered).
        Assert.True(covered >= 14, $"only {covered} of {result.Parameters.Count} parameters inside their 90% interval");
        Assert.True(result.Diagnostics.RhatMax < 1.1, $"R-hat {result.Diagnostics.RhatMax}");

        foreach (var (summary, c) in result.Channels.Select((s, c) => (s, c)))
        {
            double trueRoas = KpiUnit * contribution[c].Sum() / (x[c].Sum() * SpendScale);
            output.WriteLine($"ROAS {summary.Channel}: truth {trueRoas:0.000}, 90% [{summary.RoasQ05:0.000}, {summary.RoasQ95:0.000}]");
            Assert.InRange(trueRoas, summary.RoasQ05, summary.RoasQ95);
        }
        // The posterior-mean adstock has the shape's l_max + 1 lags.
        Assert.All(result.Adstock, a => Assert.Equal(LMax + 1, a.Weights.Length));
    }
}
