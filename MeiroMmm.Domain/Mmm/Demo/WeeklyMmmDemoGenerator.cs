using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace MeiroMmm.Domain.Mmm.Demo;

/// <summary>
/// Generates the demo workspace's weekly MMM dataset from known parameters, the way reference/stan/generate_data.py does:
/// spend is simulated and rounded first, then the KPI is drawn from PyMC-Marketing's default model (normalized geometric
/// adstock, logistic saturation, unscaled controls, yearly Fourier order 2) so the truth is exact in the model's scaled space.
/// A fixed seed makes every run produce the same data.
/// </summary>
public sealed class WeeklyMmmDemoGenerator
{
    public const int DefaultSeed = 20260301;
    public const int Weeks = 156;
    public const int LMax = 8;
    public const int FourierOrder = 2;
    public const string KpiName = "sales";
    private const double TargetMax = 2_500_000;   // the largest weekly sales figure, in currency units
    private static readonly DateOnly FirstMonday = new(2023, 1, 2);

    private sealed record ChannelTruth(string Name, double Alpha, double Lambda, double RawBeta, Func<Random, int, double[]> Spend);

    // Raw-space parameters (before dividing by max |y_raw|); the same magnitudes as the reference's "standard" dataset.
    private static readonly ChannelTruth[] Channels =
    [
        new("tv_spend", 0.60, 1.5, 0.25, (r, n) => Flighted(r, n, 90_000, onLen: (4, 8), offLen: (3, 8))),
        new("search_spend", 0.15, 3.0, 0.18, (r, n) => AlwaysOn(r, n, 30_000, seasonAmp: 0.25, cv: 0.12, phase: 0.5, trend: 0.2)),
        new("social_spend", 0.35, 2.0, 0.10, (r, n) => AlwaysOn(r, n, 15_000, seasonAmp: 0.15, cv: 0.25, phase: 2.0, spikes: 0.10)),
        new("display_spend", 0.25, 4.0, 0.05, (r, n) => AlwaysOn(r, n, 9_000, seasonAmp: 0.10, cv: 0.35, phase: 4.0, spikes: 0.05)),
        new("email_spend", 0.45, 2.5, 0.04, (r, n) => AlwaysOn(r, n, 1_200, seasonAmp: 0.05, cv: 0.30, phase: 1.0)),
    ];
    private const double RawIntercept = 0.35, RawSigma = 0.03, RawGammaPrice = -0.30, RawGammaHoliday = 0.08;
    private static readonly double[] RawGammaFourier = [0.05, -0.02, 0.04, 0.015];   // sin_1, sin_2, cos_1, cos_2

    public DemoMmmDataset Generate(int seed = DefaultSeed)
    {
        var rng = new MersenneTwister(seed);
        var dates = Enumerable.Range(0, Weeks).Select(w => FirstMonday.AddDays(7 * w)).ToArray();

        var spend = Channels.Select(c => c.Spend(rng, Weeks).Select(v => Math.Max(0, Math.Round(v, 2))).ToArray()).ToArray();
        var price = PriceIndex(rng, Weeks);
        var holiday = dates.Select(d => HolidayCalendar.WeekContainsUsHoliday(d) ? 1.0 : 0.0).ToArray();
        var fourier = YearlyFourier.Features(dates, FourierOrder);
        var fourierNames = YearlyFourier.TermNames(FourierOrder);

        // Saturated adstock per channel, on MaxAbs-scaled spend.
        var saturated = new double[Channels.Length][];
        var buffer = new double[Weeks];
        for (int c = 0; c < Channels.Length; c++)
        {
            double max = spend[c].Max();
            var scaled = spend[c].Select(v => v / max).ToArray();
            MediaTransforms.GeometricAdstock(scaled, Channels[c].Alpha, LMax, buffer);
            saturated[c] = buffer.Select(a => MediaTransforms.Logistic(a, Channels[c].Lambda)).ToArray();
        }

        var yRaw = new double[Weeks];
        for (int t = 0; t < Weeks; t++)
        {
            double mu = RawIntercept + RawGammaPrice * price[t] + RawGammaHoliday * holiday[t];
            for (int c = 0; c < Channels.Length; c++) mu += Channels[c].RawBeta * saturated[c][t];
            for (int j = 0; j < fourierNames.Count; j++) mu += RawGammaFourier[j] * fourier[t * fourierNames.Count + j];
            yRaw[t] = mu + Normal.Sample(rng, 0, RawSigma);
        }
        double m = yRaw.Max(Math.Abs);   // the model sees y = y_raw / m, so linear parameters divide by m
        var sales = yRaw.Select(v => Math.Round(v / m * TargetMax, 2)).ToArray();
        double salesMax = sales.Max(Math.Abs);

        var parameters = new Dictionary<string, double> { ["intercept"] = RawIntercept / m };
        var contribution = new Dictionary<string, double>();
        var roas = new Dictionary<string, double>();
        for (int c = 0; c < Channels.Length; c++)
        {
            var ch = Channels[c];
            parameters[$"adstock_alpha[{ch.Name}]"] = ch.Alpha;
            parameters[$"saturation_lam[{ch.Name}]"] = ch.Lambda;
            parameters[$"saturation_beta[{ch.Name}]"] = ch.RawBeta / m;
            // Contribution in KPI units over the data's weeks (carry-over past the last week is not counted).
            contribution[ch.Name] = ch.RawBeta / m * saturated[c].Sum() * salesMax;
            roas[ch.Name] = contribution[ch.Name] / spend[c].Sum();
        }
        parameters["gamma_control[price_index]"] = RawGammaPrice / m;
        parameters["gamma_control[holiday]"] = RawGammaHoliday / m;
        for (int j = 0; j < fourierNames.Count; j++) parameters[$"gamma_fourier[{fourierNames[j]}]"] = RawGammaFourier[j] / m;
        parameters["y_sigma"] = RawSigma / m;

        var data = new MmmWideData(
            dates,
            [new NamedSeries(KpiName, sales)],
            [.. Channels.Select((c, i) => new NamedSeries(c.Name, spend[i]))],
            [new NamedSeries("price_index", price), new NamedSeries("holiday", holiday)]);
        return new DemoMmmDataset("Demo weekly sales", data, new DemoMmmTruth(seed, LMax, FourierOrder, parameters, contribution, roas));
    }

    /// <summary>Burst/flighting: alternating on blocks (spend around a per-flight level) and off blocks of exact zeros.</summary>
    private static double[] Flighted(Random rng, int n, double level, (int Min, int Max) onLen, (int Min, int Max) offLen, double cv = 0.25)
    {
        var x = new double[n];
        bool on = true;
        for (int t = 0; t < n;)
        {
            int len = on ? rng.Next(onLen.Min, onLen.Max + 1) : rng.Next(offLen.Min, offLen.Max + 1);
            if (on)
            {
                double burst = level * LogNormal.Sample(rng, 0, 0.35);
                for (int i = t; i < Math.Min(n, t + len); i++) x[i] = burst * LogNormal.Sample(rng, 0, cv);
            }
            t += len;
            on = !on;
        }
        return x;
    }

    private static double[] AlwaysOn(Random rng, int n, double level, double seasonAmp, double cv, double phase, double trend = 0, double spikes = 0)
    {
        var x = new double[n];
        for (int t = 0; t < n; t++)
        {
            double baseline = level * (1 + seasonAmp * Math.Sin(2 * Math.PI * t / 52.18 + phase)) * (1 + trend * t / n);
            x[t] = baseline * LogNormal.Sample(rng, 0, cv);
            if (spikes > 0 && rng.NextDouble() < spikes) x[t] *= 1.8 + 1.2 * rng.NextDouble();
        }
        return x;
    }

    /// <summary>Own price relative to the category, centred near 0: AR(1) with occasional promotion dips, to 4 decimals.</summary>
    private static double[] PriceIndex(Random rng, int n)
    {
        var p = new double[n];
        for (int t = 1; t < n; t++) p[t] = 0.85 * p[t - 1] + Normal.Sample(rng, 0, 0.015);
        for (int t = 0; t < n; t++)
            if (rng.NextDouble() < 0.08) p[t] -= 0.04 + 0.06 * rng.NextDouble();
        return [.. p.Select(v => Math.Round(v, 4))];
    }
}
