using MeiroMmm.Domain.Experiments;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>
/// <see cref="UpliftReport"/> flattened for JSON, with the same names as the CLI's <c>experiment stats</c>. Null is
/// "not available" (an infinite or undefined quantity), never 0.
/// </summary>
public sealed record UpliftSummary(
    long NTreatment, long ConversionsTreatment, double ValueTreatment, double RateTreatment, double ValuePerProfileTreatment,
    long NControl, long ConversionsControl, double ValueControl, double RateControl, double ValuePerProfileControl,
    double AbsUplift, double AbsCiLow, double AbsCiHigh, double WaldCiLow, double WaldCiHigh,
    double? RelUplift, double? RelCiLow, double? RelCiHigh, double? PValue, double? SrmPValue, bool SrmFlag, bool InsufficientData)
{
    public static UpliftSummary From(UpliftReport r) => new(
        r.Treatment.Profiles, r.Treatment.Conversions, r.Treatment.Value, r.RateTreatment, r.ValuePerProfileTreatment,
        r.Control.Profiles, r.Control.Conversions, r.Control.Value, r.RateControl, r.ValuePerProfileControl,
        r.AbsoluteUplift, r.NewcombeCi.Low, r.NewcombeCi.High, r.WaldCi.Low, r.WaldCi.High,
        Finite(r.RelativeUplift), Finite(r.RelativeCi?.Low), Finite(r.RelativeCi?.High), Finite(r.PValue), Finite(r.Srm.PValue),
        r.Srm.Flagged, r.InsufficientData);

    internal static double? Finite(double? x) => x is { } v && double.IsFinite(v) ? v : null;
}
