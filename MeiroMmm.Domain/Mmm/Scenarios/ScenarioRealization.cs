namespace MeiroMmm.Domain.Mmm.Scenarios;

/// <summary>A scenario's realization so far: <see cref="RealizedPeriods"/> of <see cref="HorizonPeriods"/> periods have data.</summary>
public sealed record ScenarioRealization(int HorizonPeriods, int RealizedPeriods, double Level, double OffPlanTolerance,
    IReadOnlyList<RealizedPeriod> Periods, IReadOnlyList<RealizedChannel> Channels, RealizedTotal Total);
