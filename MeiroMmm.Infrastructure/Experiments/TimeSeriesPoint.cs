namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>
/// Cumulative intention-to-treat totals at the end of one UTC day, with the uplift, its Newcombe interval, the
/// fixed-horizon p-value and the always-valid (mSPRT) p-value that stays valid under daily peeking.
/// </summary>
public sealed record TimeSeriesPoint(
    DateOnly Date, long NTreatment, long ConversionsTreatment, long NControl, long ConversionsControl,
    double? RateTreatment, double? RateControl, double? AbsUplift, double? AbsCiLow, double? AbsCiHigh,
    double? PValue, double? AlwaysValidPValue, bool InsufficientData);
