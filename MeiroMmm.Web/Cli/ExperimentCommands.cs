using System.Globalization;
using System.Text.Json;
using MeiroMmm.Domain.Experiments;

namespace MeiroMmm.Web.Cli;

/// <summary>
/// `experiment stats` and `experiment power`: the experiment statistics from the command line, for checks against
/// other tools. Both print snake_case JSON with null for "not available" and need no database.
/// </summary>
public static class ExperimentCommands
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task<int> StatsAsync(IReadOnlyList<string> args, TextWriter output)
    {
        var options = new CliOptions(args);
        var treatment = new GroupTotals(WholeNumber(options, "--n-treatment"), WholeNumber(options, "--conversions-treatment"));
        var control = new GroupTotals(WholeNumber(options, "--n-control"), WholeNumber(options, "--conversions-control"));
        double treatmentRate = Number(options, "--treatment-rate") ?? 0.5;
        ThrowIfAny(UpliftAnalysis.Problems(treatment, control, treatmentRate));

        var report = UpliftAnalysis.Analyze(treatment, control, treatmentRate);
        await output.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["rate_treatment"] = report.RateTreatment,
            ["rate_control"] = report.RateControl,
            ["abs_uplift"] = report.AbsoluteUplift,
            ["abs_ci_low"] = report.NewcombeCi.Low,
            ["abs_ci_high"] = report.NewcombeCi.High,
            ["wald_ci_low"] = report.WaldCi.Low,
            ["wald_ci_high"] = report.WaldCi.High,
            ["rel_uplift"] = Finite(report.RelativeUplift),
            ["rel_ci_low"] = Finite(report.RelativeCi?.Low),
            ["rel_ci_high"] = Finite(report.RelativeCi?.High),
            ["p_value"] = Finite(report.PValue),
            ["srm_p_value"] = Finite(report.Srm.PValue),
            ["srm_flag"] = report.Srm.Flagged,
            ["insufficient_data"] = report.InsufficientData,
        }, Json));
        return 0;
    }

    public static async Task<int> PowerAsync(IReadOnlyList<string> args, TextWriter output)
    {
        var options = new CliOptions(args);
        var request = new PowerAnalysisRequest
        {
            BaselineRate = Number(options, "--baseline-rate") ?? throw new CliUsageException("--baseline-rate is required."),
            Mde = Number(options, "--mde"),
            MdeType = Choice(options, "--mde-type", MdeScale.Absolute, ("absolute", MdeScale.Absolute), ("relative", MdeScale.Relative)),
            Alpha = Number(options, "--alpha") ?? 0.05,
            Power = Number(options, "--power") ?? 0.8,
            TreatmentRate = Number(options, "--treatment-rate") ?? 0.5,
            DailyEligible = Number(options, "--daily-eligible"),
            Method = Choice(options, "--method", PowerMethod.Fleiss, ("fleiss", PowerMethod.Fleiss), ("cohens_h", PowerMethod.CohensH)),
            NPerGroup = options.Text("--n-per-group") is null ? null : WholeNumber(options, "--n-per-group"),
        };
        var (result, problems) = PowerAnalysis.Run(request);
        ThrowIfAny(problems);
        if (result is null) throw new InvalidOperationException("PowerAnalysis returned neither a result nor problems.");

        var json = Experiments.PowerAnalysisJson.From(request, result);
        await output.WriteLineAsync(JsonSerializer.Serialize(json, Json));
        return 0;
    }

    private static double? Finite(double? x) => x is { } v && double.IsFinite(v) ? v : null;

    /// <summary>Domain problems name fields in snake_case; the matching option is the kebab-case spelling.</summary>
    private static void ThrowIfAny(IReadOnlyList<InputProblem> problems)
    {
        if (problems.Count > 0)
            throw new CliValueException(string.Join(" ", problems.Select(p => $"--{p.Field.Replace('_', '-')}: {p.Message}")));
    }

    private static long WholeNumber(CliOptions options, string name)
    {
        string text = options.Required(name);
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) && value >= 0
            ? value : throw new CliValueException($"{name}: '{text}' is not a whole number ≥ 0.");
    }

    private static double? Number(CliOptions options, string name) =>
        options.Text(name) is not { } text ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) ? value
        : throw new CliValueException($"{name}: '{text}' is not a number.");

    private static T Choice<T>(CliOptions options, string name, T fallback, params (string Text, T Value)[] choices) =>
        options.Text(name) is not { } text ? fallback
        : choices.FirstOrDefault(c => c.Text == text) is { Text: not null } match ? match.Value
        : throw new CliValueException($"{name}: '{text}' is not one of {string.Join(", ", choices.Select(c => c.Text))}.");
}
