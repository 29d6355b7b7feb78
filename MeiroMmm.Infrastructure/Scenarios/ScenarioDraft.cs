using MeiroMmm.Infrastructure.Mmm;

namespace MeiroMmm.Infrastructure.Scenarios;

/// <summary>What saving a scenario needs: a name, the run, and the optimizer's inputs (the plan is computed again on save).</summary>
public sealed record ScenarioDraft(string Name, string? Description, Guid RunId, int Horizon, double? TotalBudget, IReadOnlyList<ChannelLimit> Bounds, double RiskAversion);
