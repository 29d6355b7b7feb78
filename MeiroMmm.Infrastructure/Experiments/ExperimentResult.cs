namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>The statistics of one experiment as computed on one day (UTC): the history behind the nightly report.</summary>
public sealed class ExperimentResult
{
    public long Id { get; set; }
    public int ExperimentId { get; set; }
    public DateOnly Day { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
    /// <summary>ExperimentResults as snake_case JSON (<see cref="Persistence.StoredJson"/>).</summary>
    public required string ResultsJson { get; set; }
}
