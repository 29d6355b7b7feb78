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

    // The fit queue (FitQueue): a queued row is claimed by one instance with a lease that it renews while sampling.
    /// <summary>The instance holding the lease while Running (FitQueueOptions.InstanceId); once ended, the instance that ran it.</summary>
    public string? LeaseOwner { get; set; }
    /// <summary>When the lease lapses unless renewed; a Running row past it belongs to a dead instance and is re-queued.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    /// <summary>The holder's last renewal (and progress write).</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }
    /// <summary>How many times an instance has claimed this run; after FitQueueOptions.MaxAttempts it fails instead of re-queueing.</summary>
    public int Attempts { get; set; }
    /// <summary>Set by any instance to stop the fit; the holder sees it at its next renewal.</summary>
    public bool CancelRequested { get; set; }
    /// <summary><see cref="StoredFitProgress"/> as JSON, written at a throttled rate so every instance's page can show it.</summary>
    public string? ProgressJson { get; set; }
}
