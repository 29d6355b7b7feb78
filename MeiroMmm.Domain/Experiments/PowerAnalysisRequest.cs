using static System.FormattableString;

namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// The inputs of a power analysis, as the API's <c>power-analysis</c> body names them. Exactly one of
/// <see cref="Mde"/> (→ sample size) and <see cref="NPerGroup"/> (→ achievable MDE) is set.
/// </summary>
public sealed record PowerAnalysisRequest
{
    /// <summary>The control group's expected conversion rate, in (0, 1).</summary>
    public required double BaselineRate { get; init; }

    /// <summary>The lift to detect, on <see cref="MdeType"/>'s scale; upward only.</summary>
    public double? Mde { get; init; }

    public MdeScale MdeType { get; init; } = MdeScale.Absolute;

    public double Alpha { get; init; } = 0.05;

    public double Power { get; init; } = 0.8;

    /// <summary>Share of eligible profiles assigned to treatment; the treatment group is t/(1 − t) times the control group.</summary>
    public double TreatmentRate { get; init; } = 0.5;

    /// <summary>Eligible profiles entering the experiment per day (both groups together); gives the duration when set.</summary>
    public double? DailyEligible { get; init; }

    public PowerMethod Method { get; init; } = PowerMethod.Fleiss;

    /// <summary>The control group's size; the treatment group is r times it. Set to ask for the achievable MDE.</summary>
    public double? NPerGroup { get; init; }

    public IReadOnlyList<InputProblem> Problems()
    {
        var problems = new List<InputProblem>();
        CheckOpenUnit(problems, "baseline_rate", BaselineRate);
        CheckOpenUnit(problems, "alpha", Alpha);
        CheckOpenUnit(problems, "power", Power);
        CheckOpenUnit(problems, "treatment_rate", TreatmentRate);
        if (IsOpenUnit(Alpha) && IsOpenUnit(Power) && Power <= Alpha)
            problems.Add(new("power", Invariant($"power ({Power}) must be greater than alpha ({Alpha}): a test rejects with probability alpha when there is no effect at all.")));
        if (Mde is null == NPerGroup is null)
            problems.Add(new("mde", "Give either mde (to get the sample size) or n_per_group (to get the detectable effect), not both or neither."));
        if (Mde is { } mde) CheckMde(problems, mde);
        if (NPerGroup is { } n && !(n >= 1 && double.IsFinite(n)))
            problems.Add(new("n_per_group", Invariant($"n_per_group must be at least 1, not {n}.")));
        if (DailyEligible is { } daily && !(daily > 0 && double.IsFinite(daily)))
            problems.Add(new("daily_eligible", Invariant($"daily_eligible must be a positive number of profiles per day, not {daily}.")));
        return problems;
    }

    /// <summary>The treatment rate p2 that the MDE asks for: p1 + mde, or p1·(1 + mde).</summary>
    public double TreatmentRateUnderH1(double mde) => MdeType == MdeScale.Absolute ? BaselineRate + mde : BaselineRate * (1.0 + mde);

    private void CheckMde(List<InputProblem> problems, double mde)
    {
        if (!(mde > 0 && double.IsFinite(mde)))
        {
            problems.Add(new("mde", Invariant($"mde must be a positive lift (power is computed for an upward effect), not {mde}.")));
            return;
        }
        if (IsOpenUnit(BaselineRate) && !(TreatmentRateUnderH1(mde) < 1))
            problems.Add(new("mde", Invariant($"baseline_rate with this {MdeType.ToString().ToLowerInvariant()} mde gives a treatment rate of {TreatmentRateUnderH1(mde)}, which must stay below 1.")));
    }

    private static bool IsOpenUnit(double x) => x > 0 && x < 1;

    private static void CheckOpenUnit(List<InputProblem> problems, string field, double value)
    {
        if (!IsOpenUnit(value)) problems.Add(new(field, Invariant($"{field} must lie strictly between 0 and 1, not {value}.")));
    }
}
