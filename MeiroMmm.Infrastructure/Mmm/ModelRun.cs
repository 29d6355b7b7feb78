namespace MeiroMmm.Infrastructure.Mmm;

public enum ModelRunStatus { Queued, Running, Completed, Failed, Cancelled }

/// <summary>One fit of the MMM on one KPI of a dataset: the exact settings it ran with, and its summarized result.</summary>
public sealed class ModelRun
{
    public Guid Id { get; set; }
    public Guid DatasetId { get; set; }
    public required string Kpi { get; set; }
    public ModelRunStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    /// <summary>When the run ended: completed, failed or cancelled.</summary>
    public DateTimeOffset? CompletedAt { get; set; }
    public string? Error { get; set; }
    /// <summary><see cref="ModelRunSettings"/> as JSON: what was fitted and how, kept so every run is reproducible.</summary>
    public string SettingsJson { get; set; } = "{}";
    /// <summary><see cref="StoredFitResult"/> as JSON once completed (summaries, fit, thinned draws ≤ 1000).</summary>
    public string? ResultJson { get; set; }
}
