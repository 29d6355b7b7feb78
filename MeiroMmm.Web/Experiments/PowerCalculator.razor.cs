using MeiroMmm.Domain.Experiments;
using Microsoft.AspNetCore.Components;

namespace MeiroMmm.Web.Experiments;

/// <summary>
/// The power calculator of the new-experiment dialog: <see cref="PowerAnalysis"/> (Fleiss) on the typed values, with
/// each problem written under the field it concerns, in the units the field uses.
/// </summary>
public sealed partial class PowerCalculator
{
    /// <summary>Share of profiles assigned to treatment, as a fraction (0.5 = half); the treatment group is t/(1 − t) times the control group.</summary>
    [Parameter] public double TreatmentRate { get; set; } = 0.5;

    private readonly PowerCalculatorInput _input = new();
    private readonly Dictionary<string, string> _errors = [];
    private string? _otherError;
    private PowerAnalysisResult? _result;

    private string MdeLabel => _input.MdeType == MdeScale.Absolute ? "Minimum detectable lift (pp)" : "Minimum detectable lift (% of baseline)";
    private string MdeHelp => _input.MdeType == MdeScale.Absolute
        ? "Percentage points added, e.g. 1 for 5% → 6%"
        : "Relative to the baseline, e.g. 20 for 5% → 6%";

    protected override void OnParametersSet() => Recompute();

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.GetValueOrDefault(field);

    private void SetMdeType(MdeScale scale)
    {
        _input.MdeType = scale;
        Recompute();
    }

    private void Recompute()
    {
        _errors.Clear();
        _otherError = null;
        _result = null;
        var request = _input.ToRequest(TreatmentRate);
        if (request is null) return;
        var (result, problems) = PowerAnalysis.Run(request);
        foreach (var problem in problems)
        {
            string? message = Explain(problem);
            if (problem.Field is "baseline_rate" or "mde" or "alpha" or "power" or "daily_eligible") _errors.TryAdd(problem.Field, message ?? problem.Message);
            else _otherError ??= message ?? problem.Message;
        }
        _result = result;
    }

    /// <summary>The domain speaks in fractions (0.05); the fields are in percent, so each message is restated in their units.</summary>
    private static string? Explain(InputProblem problem) => problem.Field switch
    {
        "baseline_rate" => "Enter a rate above 0% and below 100%.",
        "alpha" => "Enter α above 0% and below 100% (usually 5%).",
        "power" when problem.Message.Contains("greater than alpha", StringComparison.Ordinal) => "Power must be higher than α.",
        "power" => "Enter power above 0% and below 100% (usually 80%).",
        "mde" => "Enter a positive lift that keeps the treatment group's rate below 100%.",
        "daily_eligible" => "Enter a positive number of profiles per day.",
        "treatment_rate" => "The treatment share must be above 0% and below 100%.",
        _ => null,
    };
}
