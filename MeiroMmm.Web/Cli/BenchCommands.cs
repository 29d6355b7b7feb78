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
        };

        await output.WriteLineAsync(FormattableString.Invariant(
            $"bench mmm: {dataset} ({data.Periods} periods × {data.ChannelCount} channels), {baseSettings.Chains} chains × {baseSettings.Warmup}+{baseSettings.Draws}, δ {baseSettings.TargetAcceptance}, {Environment.ProcessorCount} cores, {RuntimeInfo()}"));
        await output.WriteLineAsync("run  seed  wall_s  min_bulk_ess  min_tail_ess  ess_bulk_per_s  ess_per_1000_grad  gradients  us_per_gradient  divergences  treedepth_hits  max_rhat  peak_mb");
        var rows = new List<(double Wall, double Ess, double EssPerSecond, double EssPerGrad, double UsPerGradient)>();
        for (int run = 1; run <= runs; run++)
        {
            ct.ThrowIfCancellationRequested();
            var settings = baseSettings with { Seed = (ulong)run };
            var result = MmmFitter.Fit(data, settings, progress: null, ct);
            var d = result.Diagnostics;
            double usPerGradient = (d.WarmupSeconds + d.SamplingSeconds) * 1e6 / d.GradientEvaluations;
            double peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
            rows.Add((d.TotalSeconds, d.EssBulkMin, d.EssBulkMin / d.TotalSeconds, d.EssBulkMin / (d.GradientEvaluations / 1000.0), usPerGradient));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{run,3}  {run,4}  {d.TotalSeconds,6:0.00}  {d.EssBulkMin,12:0}  {d.EssTailMin,12:0}  {rows[^1].EssPerSecond,14:0.0}  {rows[^1].EssPerGrad,17:0.000}  {d.GradientEvaluations,9}  {usPerGradient,15:0.00}  {d.Divergences,11}  {d.TreeDepthHits,14}  {d.RhatMax,8:0.0000}  {peakMb,7:0}"));
        }
        double Median(IEnumerable<double> values) { var v = values.Order().ToArray(); return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2; }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"median: wall {Median(rows.Select(r => r.Wall)):0.00} s, min bulk-ESS {Median(rows.Select(r => r.Ess)):0}, ESS_bulk/s {Median(rows.Select(r => r.EssPerSecond)):0.0}, ESS per 1000 gradients {Median(rows.Select(r => r.EssPerGrad)):0.000}, {Median(rows.Select(r => r.UsPerGradient)):0.00} µs per gradient (chain CPU time / leapfrog steps)"));
        return 0;
    }

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
