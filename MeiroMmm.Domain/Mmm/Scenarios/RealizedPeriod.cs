namespace MeiroMmm.Domain.Mmm.Scenarios;

/// <summary>
/// One realized period: the KPI that happened against the predictive interval of the plan's spend (<see cref="Planned"/>)
/// and of the spend that actually happened (<see cref="AtActualSpend"/>: the model's own check, execution aside).
/// </summary>
public sealed record RealizedPeriod(DateOnly Date, double ActualKpi, PredictiveInterval Planned, PredictiveInterval AtActualSpend)
{
    public RealizationStatus PlannedStatus => Planned.Check(ActualKpi);
    public RealizationStatus ActualSpendStatus => AtActualSpend.Check(ActualKpi);
}
