using System.Diagnostics;
using System.Globalization;
using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Web.Cli;

/// <summary>
/// `bench mmm`: full fits of the reference datasets (Stan's settings: 4 chains × 1000 warm-up + 1000 draws, δ 0.9),
/// reporting the figures docs/BENCHMARKS.md compares with Stan's. Run with -c Release.
/// </summary>
public static class BenchCommands
{
    private static readonly Dictionary<string, string[]> DatasetChannels = new()
    {
        ["standard"] = ["tv_spend", "search_spend", "social_spend", "display_spend", "email_spend"],
        ["large"] = ["tv_spend", "search_spend", "social_spend", "display_spend", "email_spend", "video_spend", "affiliate_spend", "radio_spend", "ooh_spend", "podcast_spend"],
    };

    public static async Task<int> MmmAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var options = new CliOptions(args);
        string dataset = options.Text("--dataset") ?? "standard";
        if (!DatasetChannels.TryGetValue(dataset, out var channels)) throw new CliUsageException($"--dataset must be standard or large, not '{dataset}'.");
        string path = options.Text("--data") ?? FindReferenceData(dataset);
        int runs = options.Int("--runs", 3, min: 1);
        var spec = new MmmModelSpec("sales", channels, ["price_index", "holiday"]);
        var data = MmmCommands.LoadData(path, "date", spec);
        var baseSettings = new SamplerSettings
        {
            Chains = options.Int("--chains", 4, min: 1), Warmup = options.Int("--tune", 1000), Draws = options.Int("--draws", 1000, min: 1),
            TargetAcceptance = options.Double("--target-accept", 0.9, 0.05, 0.999),
            Init = ParseInit(options.Text("--init")),
        };
        baseSettings = WithAdaptation(baseSettings, options.Text("--adaptation"));
        // Investigation switches (docs/BENCHMARKS.md, "Second round"): mode-start spread, pooled diagonal metric with
        // per-chain step sizes, first seed, per-run step sizes. The initial metric is --adaptation's (laplace or stan).
        if (options.Text("--x-spread") is { } sp) baseSettings = baseSettings with { ModeStartSpread = double.Parse(sp, CultureInfo.InvariantCulture) };
        if (options.Text("--x-pool-diag") is "1") baseSettings = baseSettings with { PoolMetricAcrossChains = true, ShareStepSize = false };

        await output.WriteLineAsync(FormattableString.Invariant(
            $"bench mmm: {dataset} ({data.Periods} periods × {data.ChannelCount} channels), {baseSettings.Chains} chains × {baseSettings.Warmup}+{baseSettings.Draws}, δ {baseSettings.TargetAcceptance}, init {baseSettings.Init.ToString().ToLowerInvariant()}, {baseSettings.Metric.ToString().ToLowerInvariant()} metric{(baseSettings.PoolMetricAcrossChains ? " pooled across chains" : "")}{(baseSettings.Init == InitStrategy.Mode ? $", {(baseSettings.LaplaceInitialMetric ? "Laplace" : "identity")} initial metric, start spread {baseSettings.ModeStartSpread}" : "")}, {Environment.ProcessorCount} cores, {RuntimeInfo()}"));
        await output.WriteLineAsync("run  seed  wall_s  min_bulk_ess  min_tail_ess  ess_bulk_per_s  ess_per_1000_grad  gradients  us_per_gradient  divergences  treedepth_hits  max_rhat  peak_mb");
        int firstSeed = options.Int("--x-first-seed", 1, min: 1);
        var rows = new List<(double Wall, double Ess, double EssPerSecond, double EssPerGrad, double UsPerGradient)>();
        for (int run = 1; run <= runs; run++)
        {
            ct.ThrowIfCancellationRequested();
            var settings = baseSettings with { Seed = (ulong)(run + firstSeed - 1) };
            var result = MmmFitter.Fit(data, settings, progress: null, ct);
            var d = result.Diagnostics;
            double usPerGradient = (d.WarmupSeconds + d.SamplingSeconds) * 1e6 / d.GradientEvaluations;
            double peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
            rows.Add((d.TotalSeconds, d.EssBulkMin, d.EssBulkMin / d.TotalSeconds, d.EssBulkMin / (d.GradientEvaluations / 1000.0), usPerGradient));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{run,3}  {settings.Seed,4}  {d.TotalSeconds,6:0.00}  {d.EssBulkMin,12:0}  {d.EssTailMin,12:0}  {rows[^1].EssPerSecond,14:0.0}  {rows[^1].EssPerGrad,17:0.000}  {d.GradientEvaluations,9}  {usPerGradient,15:0.00}  {d.Divergences,11}  {d.TreeDepthHits,14}  {d.RhatMax,8:0.0000}  {peakMb,7:0}"));
            if (options.Text("--x-verbose") is "1")
                await output.WriteLineAsync("      step sizes " + string.Join(", ", d.StepSizes.Select(e => e.ToString("0.0000", CultureInfo.InvariantCulture))) + "; min ESS " + d.EssBulkMinParameter);
        }
        double Median(IEnumerable<double> values) { var v = values.Order().ToArray(); return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2; }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"median: wall {Median(rows.Select(r => r.Wall)):0.00} s, min bulk-ESS {Median(rows.Select(r => r.Ess)):0}, ESS_bulk/s {Median(rows.Select(r => r.EssPerSecond)):0.0}, ESS per 1000 gradients {Median(rows.Select(r => r.EssPerGrad)):0.000}, {Median(rows.Select(r => r.UsPerGradient)):0.00} µs per gradient (chain CPU time / leapfrog steps)"));
        return 0;
    }

    /// <summary>
    /// `bench mmm-recovery`: fits the reference datasets (known truth) and datasets from the project's own generator,
    /// and counts how often the truth falls in the 90% intervals, pooled (the MMM engine issue's recovery bar).
    /// </summary>
    public static async Task<int> RecoveryAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var options = new CliOptions(args);
        int generated = options.Int("--generated", 3, min: 0);
        var settings = new SamplerSettings { Chains = options.Int("--chains", 4, min: 1), Warmup = options.Int("--tune", 1000), Draws = options.Int("--draws", 1000, min: 1), Seed = 1, Init = ParseInit(options.Text("--init")) };
        var cases = new List<(string Name, ScaledMmmData Data, IReadOnlyDictionary<string, double> Truth, IReadOnlyDictionary<string, double> TrueRoas)>();
        foreach (var dataset in new[] { "standard", "large" })
        {
            var spec = new MmmModelSpec("sales", DatasetChannels[dataset], ["price_index", "holiday"]);
            string path = FindReferenceData(dataset);
            using var truthDoc = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(path, ".truth.json"), ct));
            var truth = truthDoc.RootElement.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            var roas = truthDoc.RootElement.GetProperty("true_roas").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            cases.Add((dataset, MmmCommands.LoadData(path, "date", spec), truth, roas));
        }
        for (int seed = 1; seed <= generated; seed++)
        {
            var demo = new Domain.Mmm.Demo.WeeklyMmmDemoGenerator().Generate(seed);
            var spec = new MmmModelSpec(demo.Data.Kpis[0].Name, [.. demo.Data.Channels.Select(c => c.Name)], [.. demo.Data.Controls.Select(c => c.Name)]);
            cases.Add(($"generated seed {seed}", ScaledMmmData.Prepare(demo.Data, spec), demo.Truth.Parameters, demo.Truth.TrueRoas));
        }

        int inside = 0, total = 0, roasInside = 0, roasTotal = 0;
        await output.WriteLineAsync($"bench mmm-recovery: {settings.Chains} chains × {settings.Warmup}+{settings.Draws}; truth inside the 90% interval (q05–q95)");
        foreach (var (name, data, truth, trueRoas) in cases)
        {
            ct.ThrowIfCancellationRequested();
            var result = MmmFitter.Fit(data, settings, null, ct);
            int caseInside = result.Parameters.Count(p => truth[p.Name] >= p.Summary.Q05 && truth[p.Name] <= p.Summary.Q95);
            double spendTotal = result.Channels.Sum(c => c.Spend);
            var eligible = result.Channels.Where(c => c.Spend >= 0.05 * spendTotal).ToList();
            int caseRoas = eligible.Count(c => trueRoas[c.Channel] >= c.RoasQ05 && trueRoas[c.Channel] <= c.RoasQ95);
            inside += caseInside; total += result.Parameters.Count; roasInside += caseRoas; roasTotal += eligible.Count;
            var missed = result.Parameters.Where(p => truth[p.Name] < p.Summary.Q05 || truth[p.Name] > p.Summary.Q95).Select(p => p.Name);
            var roasMissed = eligible.Where(c => trueRoas[c.Channel] < c.RoasQ05 || trueRoas[c.Channel] > c.RoasQ95).Select(c => c.Channel);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{name,-20} parameters {caseInside}/{result.Parameters.Count}  ROAS (channels ≥5% of spend) {caseRoas}/{eligible.Count}  divergences {result.Diagnostics.Divergences}  max R-hat {result.Diagnostics.RhatMax:0.000}  missed: {string.Join(", ", missed.Concat(roasMissed.Select(c => $"ROAS[{c}]")))}"));
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"pooled: parameters {inside}/{total} = {100.0 * inside / total:0.0}% inside their 90% interval; ROAS {roasInside}/{roasTotal}"));
        return 0;
    }

    /// <summary>`bench mmm-gradient`: µs per log-density-and-gradient evaluation as periods and channels grow.</summary>
    public static async Task<int> GradientAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var options = new CliOptions(args);
        var adstock = MmmCommands.ParseAdstock(options.Text("--adstock"));
        var saturation = MmmCommands.ParseSaturation(options.Text("--saturation"));
        int[] periods = [52, 104, 156, 260, 520, 1040];
        int[] channelCounts = [2, 5, 10, 20];
        await output.WriteLineAsync($"bench mmm-gradient: µs per gradient (one thread), synthetic weekly data, 2 controls, Fourier order 2, l_max 8, {adstock.Name} adstock, {saturation.Name} saturation; {RuntimeInfo()}");
        await output.WriteLineAsync("periods \\ channels " + string.Concat(channelCounts.Select(c => $"{c,10}")));
        foreach (int T in periods)
        {
            var line = new System.Text.StringBuilder($"{T,19}");
            foreach (int C in channelCounts)
            {
                ct.ThrowIfCancellationRequested();
                var rng = new ChainRandom(42, T * 100 + C);
                var dates = Enumerable.Range(0, T).Select(w => new DateOnly(2020, 1, 6).AddDays(7 * w)).ToArray();
                var channels = Enumerable.Range(0, C).Select(c => new Domain.Mmm.NamedSeries($"ch{c}", [.. Enumerable.Range(0, T).Select(_ => 1000 * rng.Uniform())])).ToArray();
                var controls = new[] { new Domain.Mmm.NamedSeries("z1", [.. Enumerable.Range(0, T).Select(_ => rng.StandardNormal())]), new Domain.Mmm.NamedSeries("z2", [.. Enumerable.Range(0, T).Select(_ => rng.Uniform())]) };
                var kpi = new Domain.Mmm.NamedSeries("y", [.. Enumerable.Range(0, T).Select(_ => 100 + rng.Uniform())]);
                var spec = new MmmModelSpec("y", [.. channels.Select(c => c.Name)], ["z1", "z2"]) { FourierOrder = 2, Adstock = adstock, Saturation = saturation };
                var posterior = new MmmPosterior(ScaledMmmData.Prepare(new Domain.Mmm.MmmWideData(dates, [kpi], channels, controls), spec));
                var evaluator = posterior.CreateEvaluator();
                var q = new double[posterior.Dimension]; var g = new double[posterior.Dimension];
                for (int i = 0; i < q.Length; i++) q[i] = 0.3 * rng.StandardNormal();
                for (int i = 0; i < 2000; i++) evaluator.LogDensityGradient(q, g);   // warm up the JIT
                int n = Math.Max(2000, 20_000_000 / (T * C));
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < n; i++) { q[0] += 1e-12; evaluator.LogDensityGradient(q, g); }
                line.Append(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalMilliseconds * 1000 / n,10:0.00}"));
            }
            await output.WriteLineAsync(line.ToString());
        }
        return 0;
    }

    public static InitStrategy ParseInit(string? text) => text?.ToLowerInvariant() switch
    {
        null or "mode" => InitStrategy.Mode,
        "random" => InitStrategy.Random,
        _ => throw new CliUsageException($"--init must be mode or random, not '{text}'."),
    };

    /// <summary>
    /// `--adaptation laplace` (default: Stan's diagonal adaptation, each chain alone, starting from the Laplace
    /// approximation's variances when the chains start at the mode), `stan` (exactly Stan's: starting from the identity)
    /// or `dense` (experimental: dense metric and step size pooled across chains).
    /// </summary>
    public static SamplerSettings WithAdaptation(SamplerSettings settings, string? text) => text?.ToLowerInvariant() switch
    {
        null or "laplace" => settings with { LaplaceInitialMetric = true },
        "stan" => settings with { LaplaceInitialMetric = false },
        "dense" => SamplerSettings.PooledDenseAdaptation(settings),
        _ => throw new CliUsageException($"--adaptation must be laplace, stan or dense, not '{text}'."),
    };

    private static string RuntimeInfo() => $".NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

    /// <summary>The reference CSV copied into the test project, found from the working directory upward.</summary>
    private static string FindReferenceData(string dataset)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "MeiroMmm.Tests", "Reference", "stan", $"{dataset}.csv");
            if (File.Exists(candidate)) return candidate;
        }
        throw new CliUsageException($"cannot find MeiroMmm.Tests/Reference/stan/{dataset}.csv above {Directory.GetCurrentDirectory()}; pass --data.");
    }
}
