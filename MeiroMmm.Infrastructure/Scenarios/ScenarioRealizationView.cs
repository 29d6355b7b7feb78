using MeiroMmm.Domain.Mmm.Scenarios;

namespace MeiroMmm.Infrastructure.Scenarios;

/// <summary>
/// A scenario's realization as served: <see cref="Status"/> is "waiting" (no period of the horizon has data yet),
/// "in_progress" (some have) or "complete" (all have); <see cref="Realization"/> is null while waiting.
/// </summary>
public sealed record ScenarioRealizationView(ScenarioSummary Scenario, string Status, string Message, Guid? ActualsDatasetId, string? ActualsDatasetName,
    ScenarioRealization? Realization);
