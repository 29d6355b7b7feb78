using MeiroMmm.Domain.Experiments;
using MeiroMmm.Infrastructure.Persistence;

namespace MeiroMmm.Web.Experiments;

/// <summary>Body of POST /api/experiments/power-analysis, as issue 7 specifies it; defaults as in <see cref="PowerAnalysisRequest"/>.</summary>
public sealed record PowerAnalysisInput(
    double? BaselineRate, double? Mde, string? MdeType, double? Alpha, double? Power, double? TreatmentRate,
    double? DailyEligible, string? Method, double? NPerGroup)
{
    /// <summary>The domain request, or the fields that cannot become one (missing baseline, unknown names).</summary>
    public (PowerAnalysisRequest? Request, List<FieldError> Errors) ToRequest()
    {
        var errors = new List<FieldError>();
        if (BaselineRate is null) errors.Add(new("baseline_rate", "baseline_rate is required: the control group's expected conversion rate, in (0, 1)."));
        MdeScale scale = MdeScale.Absolute;
        if (MdeType is not null && !Enum.TryParse(MdeType, ignoreCase: true, out scale) || int.TryParse(MdeType, out _))
            errors.Add(new("mde_type", "mde_type is absolute or relative."));
        PowerMethod method = Method?.Trim().ToLowerInvariant() switch
        {
            null or "fleiss" => PowerMethod.Fleiss,
            "cohens_h" => PowerMethod.CohensH,
            _ => Fail(errors, "method", "method is fleiss or cohens_h."),
        };
        if (errors.Count > 0) return (null, errors);
        var defaults = new PowerAnalysisRequest { BaselineRate = BaselineRate!.Value };
        return (defaults with
        {
            Mde = Mde, MdeType = scale, Alpha = Alpha ?? defaults.Alpha, Power = Power ?? defaults.Power,
            TreatmentRate = TreatmentRate ?? defaults.TreatmentRate, DailyEligible = DailyEligible, Method = method, NPerGroup = NPerGroup,
        }, errors);
    }

    private static PowerMethod Fail(List<FieldError> errors, string field, string message)
    {
        errors.Add(new(field, message));
        return PowerMethod.Fleiss;
    }
}
