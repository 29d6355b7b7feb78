using MeiroMmm.Web.Mmm;

namespace MeiroMmm.Web.Scenarios;

/// <summary>
/// Body of POST /api/scenarios: a name, the run, and the optimizer's inputs as POST /api/models/{id}/optimize takes them
/// (horizon default 13, total_budget default current spend, bounds, risk_aversion default 0).
/// </summary>
public sealed record ScenarioRequest(string? Name, string? Description, Guid? RunId, int? Horizon, double? TotalBudget, IReadOnlyList<ChannelLimitInput>? Bounds, double? RiskAversion);
