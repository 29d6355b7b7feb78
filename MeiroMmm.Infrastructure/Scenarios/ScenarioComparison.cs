namespace MeiroMmm.Infrastructure.Scenarios;

/// <summary>Scenarios side by side, in the order asked; warnings when they are not comparable (horizon, KPI or start differ).</summary>
public sealed record ScenarioComparison(IReadOnlyList<ScenarioSummary> Scenarios, IReadOnlyList<ComparedChannel> Channels, IReadOnlyList<string> Warnings);
