namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// Conversion statistics of treatment against control. A null member is "not available": the quantity is undefined
/// for these counts (a ratio over zero control conversions, a z-test with zero pooled variance), not zero.
/// </summary>
public sealed record UpliftReport(
    GroupTotals Treatment,
    GroupTotals Control,
    double RateTreatment,
    double RateControl,
    double AbsoluteUplift,
    ConfidenceInterval NewcombeCi,
    ConfidenceInterval WaldCi,
    double? Ratio,
    double? RelativeUplift,
    ConfidenceInterval? RelativeCi,
    TwoProportionZTest ZTest,
    SampleRatioMismatch Srm,
    bool InsufficientData)
{
    public double? PValue => ZTest.PValue;

    public double ValuePerProfileTreatment => Treatment.ValuePerProfile;

    public double ValuePerProfileControl => Control.ValuePerProfile;
}
