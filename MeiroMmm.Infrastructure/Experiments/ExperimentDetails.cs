namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>One experiment with its group sizes and ingested rows.</summary>
public sealed record ExperimentDetails(
    int Id, string Key, string Name, string Channel, ExperimentStatus Status, double TreatmentRate,
    DateTimeOffset StartAt, DateTimeOffset EndAt, DateTimeOffset CreatedAt,
    long TreatmentProfiles, long ControlProfiles, long Exposures, long Outcomes);
