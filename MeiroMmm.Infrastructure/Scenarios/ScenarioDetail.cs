using MeiroMmm.Infrastructure.Mmm;

namespace MeiroMmm.Infrastructure.Scenarios;

/// <summary>One scenario in full: its summary, its assumptions and the optimizer's plan per channel.</summary>
public sealed record ScenarioDetail(ScenarioSummary Scenario, ScenarioAssumptions Assumptions, BudgetPlanView Plan);
