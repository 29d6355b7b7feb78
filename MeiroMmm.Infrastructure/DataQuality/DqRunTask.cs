using System.Text.Json;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Scheduling;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>
/// `task dq-run`: the nightly data-quality run (metrics, snapshots, alert rules, notifications). Cron:
/// Scheduling:Tasks:dq-run:Cron, 01:30 UTC by default ("off" disables it).
/// </summary>
public sealed class DqRunTask(DqRunService runs) : IScheduledTask
{
    public string Name => "dq-run";
    public string Description => "Compute data-quality snapshots, evaluate alert rules, raise alerts and send notifications.";
    public string? DefaultCron => "0 30 1 * * ?";

    public async Task<string> RunAsync(CancellationToken ct) =>
        JsonSerializer.Serialize(await runs.RunAsync(null, ct), StoredJson.Options);
}
