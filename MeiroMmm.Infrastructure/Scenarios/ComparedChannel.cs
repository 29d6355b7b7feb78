namespace MeiroMmm.Infrastructure.Scenarios;

/// <summary>One channel across the compared scenarios: planned spend and expected contribution (90% interval), null where a scenario lacks the channel.</summary>
public sealed record ComparedChannel(string Channel, IReadOnlyList<ComparedPlan?> Plans);
