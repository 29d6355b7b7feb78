namespace MeiroMmm.Domain.Mmm.Scenarios;

/// <summary>
/// One channel over the realized periods: spend planned vs spent, and the model's media effect of each (credible
/// intervals; a channel's effect is never observed on its own, only the KPI total is).
/// </summary>
/// <param name="SpendDeviation">(actual − planned) ÷ planned; null when nothing was planned.</param>
/// <param name="OffPlan">Spend differs from the plan by more than the tolerance (or spend happened where none was planned).</param>
public sealed record RealizedChannel(string Channel, double PlannedSpend, double ActualSpend, double? SpendDeviation, bool OffPlan,
    PredictiveInterval PlannedContribution, PredictiveInterval ContributionAtActualSpend);
