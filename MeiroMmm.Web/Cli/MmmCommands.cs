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
        var options = new CliOptions(args, "--quiet", "--quick", "--trend");
        string dataPath = options.Required("--data");
        string outPath = options.Required("--out");
        var spec = new MmmModelSpec(options.Required("--kpi"), options.List("--channels"), options.List("--controls"))
        {
            LMax = options.Int("--l-max", 8, min: 1),
            Adstock = ParseAdstock(options.Text("--adstock")),
            Saturation = ParseSaturation(options.Text("--saturation")),
            FourierOrder = options.Text("--seasonality") is null ? null : options.Int("--seasonality", 2),
            LiftTests = options.Text("--lift-tests") is { } liftPath ? ReadLiftTests(liftPath) : [],
            Priors = ParsePriors(options.Text("--priors")),
        };
        var settings = new SamplerSettings
        {
            Chains = options.Int("--chains", 4, min: 1),
            Warmup = options.Int("--tune", 1000),
            Draws = options.Int("--draws", 1000, min: 1),
            TargetAcceptance = options.Double("--target-accept", 0.9, 0.05, 0.999),
            MaxTreeDepth = options.Int("--max-treedepth", 10, min: 1),
            Seed = (ulong)options.Int("--seed", 1),
            Init = BenchCommands.ParseInit(options.Text("--init")),
        };
        settings = BenchCommands.WithAdaptation(settings, options.Text("--adaptation"));
        int holdout = options.Int("--holdout", 0);
        spec = spec with { IncludeTrend = options.Flag("--trend") };
        var wide = LoadWide(dataPath, options.Text("--date-column") ?? "date", spec);
        var data = ScaledMmmData.Prepare(wide, spec);

        var progress = options.Flag("--quiet") ? null : new ConsoleFitProgress(error, settings.Chains);
        var result = options.Flag("--quick")
            ? LaplaceFitter.Fit(data, draws: settings.Chains * settings.Draws, settings.Seed, ct)
            : holdout > 0 ? MmmFitter.FitWithHoldout(wide, spec, holdout, settings, progress, ct)
            : MmmFitter.Fit(data, settings, progress, ct);
        if (holdout > 0) data = ScaledMmmData.Prepare(ScaledMmmData.Head(wide, wide.PeriodCount - holdout), spec);   // what was fitted
        await WriteAtomicallyAsync(outPath, stream => JsonSerializer.SerializeAsync(stream, MmmResultJson.From(result, data, settings), MmmResultJson.Options, ct));
        var d = result.Diagnostics;
        if (options.Flag("--quick"))
        {
            await output.WriteLineAsync(FormattableString.Invariant(
                $"Laplace preview of {data.ChannelCount} channels on {data.Periods} periods in {d.TotalSeconds:0.0} s ({d.GradientEvaluations} gradients): a rough guide, not a posterior; run without --quick for intervals to trust. Wrote {outPath}."));
            return 0;
        }
        await output.WriteLineAsync(FormattableString.Invariant(
            $"Fitted {data.ChannelCount} channels on {data.Periods} periods in {d.TotalSeconds:0.0} s: max R-hat {d.RhatMax:0.000}, min bulk-ESS {d.EssBulkMin:0}, {d.Divergences} divergences, {d.TreeDepthHits} tree-depth hits. Wrote {outPath}."));
        return 0;
    }

    /// <summary>--adstock geometric|delayed|weibull_cdf|weibull_pdf (PyMC-Marketing's lookup names); geometric when left out.</summary>
    internal static AdstockShape ParseAdstock(string? text) => text is null ? AdstockShape.Geometric
        : AdstockShape.TryParse(text) ?? throw new CliUsageException($"--adstock: '{text}' is not one of {string.Join(", ", AdstockShape.All.Select(s => s.Name))}.");

    /// <summary>--saturation logistic|hill|hill_sigmoid|michaelis_menten|tanh; logistic when left out.</summary>
    internal static SaturationShape ParseSaturation(string? text) => text is null ? SaturationShape.Logistic
        : SaturationShape.TryParse(text) ?? throw new CliUsageException($"--saturation: '{text}' is not one of {string.Join(", ", SaturationShape.All.Select(s => s.Name))}.");

    /// <summary>`mmm optimize`: the budget allocation that maximizes expected response, from a saved fit's draws.</summary>
    public static async Task<int> OptimizeAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var options = new CliOptions(args);
        string resultPath = options.Required("--result");
        if (!File.Exists(resultPath)) throw new CliUsageException($"--result: no file at {resultPath}.");
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(resultPath, ct));
        var fit = SavedFit.Read(document.RootElement);
        int horizon = options.Int("--horizon", 13, min: 1);
        var current = fit.SpendPerPeriod.Select(s => s * horizon).ToArray();   // the data's average spend per period, over the horizon
        double budget = options.Double("--budget", current.Sum(), 0, double.MaxValue);
        var bounds = ParseBounds(options.List("--bounds"), fit.Channels, budget).ToList();
        foreach (var locked in options.List("--lock"))
        {
            if (!fit.Channels.Contains(locked)) throw new CliUsageException($"--lock: no channel '{locked}' in the fit.");
            bounds.RemoveAll(b => b.Channel == locked);
            bounds.Add(new Domain.Mmm.Optimization.ChannelBudgetBounds(locked, 0, 0, Locked: true));
        }
        var model = new Domain.Mmm.Optimization.ResponseModel(fit.Draws, fit.Channels, fit.ChannelScales, fit.TargetScale, fit.LMax, horizon,
            adstock: fit.Adstock, saturation: fit.Saturation);
        var request = new Domain.Mmm.Optimization.BudgetRequest(budget, current, bounds, options.Double("--risk", 0, 0, 10));
        Domain.Mmm.Optimization.BudgetPlan plan;
        try { plan = Domain.Mmm.Optimization.BudgetOptimizer.Optimize(model, request); }
        catch (ArgumentException e) { throw new CliUsageException(e.Message); }
        string outPath = options.Required("--out");
        await WriteAtomicallyAsync(outPath, stream => JsonSerializer.SerializeAsync(stream, new
        {
            horizon_periods = horizon, budget, risk_aversion = request.RiskAversion,
            allocation = plan.Allocation.Select(a => new { channel = a.Channel, current = a.Current, optimal = a.Optimal, per_period = a.PerPeriod, response_mean = a.Response.Mean, response_q05 = a.Response.Q05, response_q95 = a.Response.Q95 }),
            optimal_response = plan.OptimalResponse, current_response = plan.CurrentResponse, uplift = plan.Uplift, iterations = plan.Iterations,
        }, MmmResultJson.Options, ct));
        await output.WriteLineAsync(FormattableString.Invariant(
            $"Budget {budget:N0} over {horizon} periods: expected response {plan.OptimalResponse.Mean:N0} (90% {plan.OptimalResponse.Q05:N0}–{plan.OptimalResponse.Q95:N0}), {plan.Uplift.Mean:+#,0;-#,0} vs the current allocation. Wrote {outPath}."));
        return 0;
    }

    private static IEnumerable<Domain.Mmm.Optimization.ChannelBudgetBounds> ParseBounds(IReadOnlyList<string> items, IReadOnlyList<string> channels, double budget)
    {
        foreach (var item in items)
        {
            var parts = item.Split('=', 2);
            var range = parts.Length == 2 ? parts[1].Split(':') : [];
            if (parts.Length != 2 || range.Length != 2
                || !double.TryParse(range[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double min)
                || !double.TryParse(range[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double max))
                throw new CliUsageException($"--bounds: '{item}' is not channel=min:max.");
            if (!channels.Contains(parts[0])) throw new CliUsageException($"--bounds: no channel '{parts[0]}' in the fit.");
            yield return new Domain.Mmm.Optimization.ChannelBudgetBounds(parts[0], min, Math.Min(max, budget));
        }
    }

    /// <summary>"intercept=Normal(0,1);saturation_beta[tv_spend]=HalfNormal(1)": group or parameter = Family(parameters).</summary>
    private static MmmPriors ParsePriors(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return new MmmPriors();
        var overrides = new Dictionary<string, Prior>();
        foreach (var item in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = item.IndexOf('=');
            var prior = eq > 0 ? Prior.TryParse(item[(eq + 1)..]) : null;
            if (prior is null) throw new CliUsageException($"--priors: '{item}' is not name=Family(parameters), e.g. saturation_beta=HalfNormal(1).");
            overrides[item[..eq].Trim()] = prior;
        }
        return new MmmPriors { Overrides = overrides };
    }

    private static IReadOnlyList<LiftTest> ReadLiftTests(string path)
    {
        if (!File.Exists(path)) throw new CliUsageException($"--lift-tests: no file at {path}.");
        using var reader = new StreamReader(path);
        var (tests, problems) = LiftTestCsvReader.Read(reader);
        if (problems.Count > 0) throw new MmmDataException(problems);
        return tests;
    }

    public static ScaledMmmData LoadData(string path, string dateColumn, MmmModelSpec spec) => ScaledMmmData.Prepare(LoadWide(path, dateColumn, spec), spec);

    public static Domain.Mmm.MmmWideData LoadWide(string path, string dateColumn, MmmModelSpec spec)
    {
        if (!File.Exists(path)) throw new CliUsageException($"--data: no file at {path}.");
        using var reader = new StreamReader(path);
        var table = WideCsvReader.Read(reader, dateColumn);
        if (table.Problems.Count > 0) throw new MmmDataException(table.Problems);
        var wide = table.ToWideData(spec);
        var problems = MmmDataValidator.Validate(wide, spec);
        if (problems.Count > 0) throw new MmmDataException(problems);
        return wide;
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
