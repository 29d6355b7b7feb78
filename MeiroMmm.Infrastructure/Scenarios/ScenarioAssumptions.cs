using MeiroMmm.Infrastructure.Mmm;

namespace MeiroMmm.Infrastructure.Scenarios;

/// <summary>
/// What a plan assumed: the budget over the horizon, each channel's bounds and locks as given, the objective
/// (risk aversion k: maximize mean − k·sd), and the run's quality grade with its reasons when it was saved.
/// </summary>
public sealed record ScenarioAssumptions(double TotalBudget, IReadOnlyList<ChannelLimit> Bounds, double RiskAversion, string Objective, string Grade, IReadOnlyList<string> Warnings)
{
    public static string ObjectiveOf(double riskAversion) =>
        riskAversion == 0 ? "maximize the expected KPI" : $"maximize expected KPI − {riskAversion:0.##} × its standard deviation";
}
