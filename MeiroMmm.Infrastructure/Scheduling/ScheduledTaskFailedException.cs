namespace MeiroMmm.Infrastructure.Scheduling;

/// <summary>
/// A task that did its work but some of it failed: <see cref="Report"/> is the summary it would have returned, so the
/// CLI can still print it and exit non-zero, and Quartz logs it as a failed run.
/// </summary>
public sealed class ScheduledTaskFailedException(string report, string message) : Exception(message)
{
    public string Report { get; } = report;
}
