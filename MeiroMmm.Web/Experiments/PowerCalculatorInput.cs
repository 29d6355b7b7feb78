using MeiroMmm.Domain.Experiments;

namespace MeiroMmm.Web.Experiments;

/// <summary>
/// The power calculator's fields as a marketer types them: rates and risks in percent, the lift in percentage points
/// (absolute) or percent of the baseline (relative). <see cref="ToRequest"/> turns them into the domain's fractions.
/// </summary>
public sealed class PowerCalculatorInput
{
    /// <summary>Expected conversion rate of the control group, percent (5 = 5%).</summary>
    public double? BaselinePercent { get; set; }
    /// <summary>Smallest lift worth detecting: percentage points when absolute, percent of the baseline when relative.</summary>
    public double? Mde { get; set; }
    public MdeScale MdeType { get; set; } = MdeScale.Absolute;
    /// <summary>α in percent: chance of declaring a lift when there is none.</summary>
    public double? AlphaPercent { get; set; } = 5;
    /// <summary>Power in percent: chance of detecting a real lift of the given size.</summary>
    public double? PowerPercent { get; set; } = 80;
    /// <summary>Eligible profiles entering the experiment per day, both groups together.</summary>
    public double? DailyEligible { get; set; }

    /// <summary>Null until the baseline and the lift are entered: there is nothing to compute yet, which is not an error.</summary>
    public PowerAnalysisRequest? ToRequest(double treatmentRate)
    {
        if (BaselinePercent is not { } baseline || Mde is not { } mde) return null;
        return new PowerAnalysisRequest
        {
            BaselineRate = baseline / 100,
            Mde = mde / 100,   // pp → fraction, or % of the baseline → fraction of it: both divide by 100
            MdeType = MdeType,
            Alpha = (AlphaPercent ?? double.NaN) / 100,
            Power = (PowerPercent ?? double.NaN) / 100,
            TreatmentRate = treatmentRate,
            DailyEligible = DailyEligible,
        };
    }
}
