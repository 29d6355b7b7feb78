namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>A new experiment as the API and UI send it; members are nullable so missing fields come back as errors naming them.</summary>
public sealed record ExperimentDraft(
    string? Name, string? Channel, DateTimeOffset? StartAt, DateTimeOffset? EndAt, double? TreatmentRate = null, string? Key = null);
