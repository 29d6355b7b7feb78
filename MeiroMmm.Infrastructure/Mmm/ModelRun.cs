namespace MeiroMmm.Infrastructure.Mmm;

public enum ModelRunStatus { Queued, Running, Completed, Failed, Cancelled }

/// <summary>One fit of the MMM on one KPI of a dataset. The MMM workspace issue adds the fitted results.</summary>
public sealed class ModelRun
{
    public Guid Id { get; set; }
    public Guid DatasetId { get; set; }
    public required string Kpi { get; set; }
    public ModelRunStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? Error { get; set; }
}
