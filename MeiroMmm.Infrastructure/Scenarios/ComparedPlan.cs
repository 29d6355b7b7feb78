using MeiroMmm.Domain.Mmm.Optimization;

namespace MeiroMmm.Infrastructure.Scenarios;

/// <summary>A channel in one scenario: spend over the horizon, per period, and the KPI it is expected to bring.</summary>
public sealed record ComparedPlan(double Spend, double PerPeriod, ResponseEstimate Contribution);
