using MeiroMmm.Domain.Experiments;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>Welch's t-test on value per profile (0 for non-converters), treatment minus control; null is "not available".</summary>
public sealed record ValueComparison(double MeanDifference, double? CiLow, double? CiHigh, double? T, double? DegreesOfFreedom, double? PValue,
    double? StandardError = null)
{
    public static ValueComparison From(WelchTest w) => new(w.MeanDifference,
        UpliftSummary.Finite(w.Ci?.Low), UpliftSummary.Finite(w.Ci?.High), UpliftSummary.Finite(w.T),
        UpliftSummary.Finite(w.DegreesOfFreedom), UpliftSummary.Finite(w.PValue), UpliftSummary.Finite(w.StandardError));
}
