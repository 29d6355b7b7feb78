namespace MeiroMmm.Infrastructure.Scheduling;

/// <summary>
/// A named job that Quartz runs on its schedule and the CLI runs on demand (`task &lt;name&gt;`). The seam that each
/// feature implements for its nightly work (experiment reports, data-quality snapshots, CDP sync).
/// </summary>
public interface IScheduledTask
{
    /// <summary>kebab-case name used by the CLI and as the Quartz job key.</summary>
    string Name { get; }
    string Description { get; }
    /// <summary>Quartz cron expression (seconds first, UTC), or null for a task that only runs on demand.</summary>
    string? DefaultCron { get; }
    /// <summary>Runs the task once; returns a one-line summary of what it did.</summary>
    Task<string> RunAsync(CancellationToken ct);
}
