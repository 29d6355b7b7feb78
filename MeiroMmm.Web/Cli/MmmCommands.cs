using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Domain.Mmm.Sampling;
using MeiroMmm.Infrastructure.Mmm;

namespace MeiroMmm.Web.Cli;

/// <summary>`mmm fit`: fits the Bayesian MMM to a wide CSV and writes the result as JSON (the format MmmResultJson defines).</summary>
public static class MmmCommands
{
    public static async Task<int> FitAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var options = new CliOptions(args, "--quiet");
        string dataPath = options.Required("--data");
        string outPath = options.Required("--out");
        var spec = new MmmModelSpec(options.Required("--kpi"), options.List("--channels"), options.List("--controls"))
        {
            LMax = options.Int("--l-max", 8, min: 1),
            FourierOrder = options.Text("--seasonality") is null ? null : options.Int("--seasonality", 2),
        };
        var settings = new SamplerSettings
        {
            Chains = options.Int("--chains", 4, min: 1),
            Warmup = options.Int("--tune", 1000),
            Draws = options.Int("--draws", 1000, min: 1),
            TargetAcceptance = options.Double("--target-accept", 0.9, 0.05, 0.999),
            MaxTreeDepth = options.Int("--max-treedepth", 10, min: 1),
            Seed = (ulong)options.Int("--seed", 1),
        };
        var data = LoadData(dataPath, options.Text("--date-column") ?? "date", spec);

        var progress = options.Flag("--quiet") ? null : new ConsoleFitProgress(error, settings.Chains);
        var result = MmmFitter.Fit(data, settings, progress, ct);
        await WriteAtomicallyAsync(outPath, stream => JsonSerializer.SerializeAsync(stream, MmmResultJson.From(result, data, settings), MmmResultJson.Options, ct));
        var d = result.Diagnostics;
        await output.WriteLineAsync(FormattableString.Invariant(
            $"Fitted {data.ChannelCount} channels on {data.Periods} periods in {d.TotalSeconds:0.0} s: max R-hat {d.RhatMax:0.000}, min bulk-ESS {d.EssBulkMin:0}, {d.Divergences} divergences, {d.TreeDepthHits} tree-depth hits. Wrote {outPath}."));
        return 0;
    }

    public static ScaledMmmData LoadData(string path, string dateColumn, MmmModelSpec spec)
    {
        if (!File.Exists(path)) throw new CliUsageException($"--data: no file at {path}.");
        using var reader = new StreamReader(path);
        var table = WideCsvReader.Read(reader, dateColumn);
        if (table.Problems.Count > 0) throw new MmmDataException(table.Problems);
        return ScaledMmmData.Prepare(table.ToWideData(spec), spec);
    }

    /// <summary>Writes to a temporary file and moves it into place, so a failed or cancelled run leaves nothing half-written.</summary>
    public static async Task WriteAtomicallyAsync(string path, Func<Stream, Task> write)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + $".{Environment.ProcessId}.tmp";
        try
        {
            await using (var stream = File.Create(temporary)) await write(stream);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}

/// <summary>Progress on standard error, one line per chain update at most every few seconds.</summary>
internal sealed class ConsoleFitProgress(TextWriter error, int chains) : IProgress<FitProgress>
{
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    private readonly FitProgress?[] _latest = new FitProgress?[chains];
    private readonly Lock _gate = new();

    public void Report(FitProgress value)
    {
        lock (_gate)
        {
            _latest[value.Chain] = value;
            if (_sinceLine.Elapsed < TimeSpan.FromSeconds(2) && value.Iteration < value.TotalIterations) return;
            _sinceLine.Restart();
            error.WriteLine(string.Join("  ", _latest.Select((p, c) => p is null ? $"chain {c + 1}: starting"
                : string.Create(CultureInfo.InvariantCulture, $"chain {c + 1}: {p.Iteration}/{p.TotalIterations} {p.Phase.ToString().ToLowerInvariant()} ε={p.StepSize:0.0000} div={p.Divergences}"))));
        }
    }
}
