using System.Text.Json;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>One stored day of an experiment's results: <c>Results</c> is the ExperimentResults JSON as computed that day.</summary>
public sealed record ExperimentResultHistoryEntry(DateOnly Day, DateTimeOffset ComputedAt, JsonElement Results);
