namespace MeiroMmm.Domain.Mmm.Scenarios;

/// <summary>
/// All realized periods together: total spend planned vs spent, the KPI total that happened against the predictive
/// interval of its sum under the plan and under the actual spend.
/// </summary>
/// <param name="PeriodsOutsidePlanned">Realized periods whose KPI fell outside the plan's per-period interval.</param>
/// <param name="PeriodsOutsideAtActualSpend">The same against the interval at the spend that happened.</param>
public sealed record RealizedTotal(double PlannedSpend, double ActualSpend, double ActualKpi, PredictiveInterval PlannedKpi, PredictiveInterval KpiAtActualSpend,
    int PeriodsOutsidePlanned, int PeriodsOutsideAtActualSpend)
{
    public RealizationStatus PlannedStatus => PlannedKpi.Check(ActualKpi);
    public RealizationStatus ActualSpendStatus => KpiAtActualSpend.Check(ActualKpi);
}
