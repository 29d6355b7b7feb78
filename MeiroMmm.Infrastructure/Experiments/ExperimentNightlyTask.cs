using System.Text.Json;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>
/// `task nightly-report`: moves running experiments past their end to completed, then stores today's results row of
/// each experiment that was running. Alerts (insufficient data, significant uplift, SRM, stale ingestion) are not
/// raised yet. Cron: Scheduling:Tasks:nightly-report:Cron, 02:00 UTC by default.
/// </summary>
public sealed class ExperimentNightlyTask(IDbContextFactory<MeiroDbContext> dbFactory, ExperimentResultsService results, TimeProvider clock) : IScheduledTask
{
    public string Name => "nightly-report";
    public string Description => "Complete experiments past their end date and store today's results of every running experiment.";
    public string? DefaultCron => "0 0 2 * * ?";

    /// <summary>Returns the report as one line of JSON: per experiment its key, status and headline numbers.</summary>
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<Experiment> running;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            running = await db.Experiments.AsNoTracking().Where(e => e.Status == ExperimentStatus.Running).OrderBy(e => e.Id).ToListAsync(ct);
            // Only a still-running experiment is completed, so a concurrent status change wins.
            foreach (var e in running.Where(e => e.EndAt <= now))
                await db.Experiments.Where(x => x.Id == e.Id && x.Status == ExperimentStatus.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ExperimentStatus.Completed), ct);
        }
        var report = new List<object>();
        foreach (var e in running)
        {
            var r = await results.SaveDailyAsync(e.Id, ct);
            report.Add(new
            {
                e.Id, e.Key, Status = ExperimentTransitions.Name(r?.Status ?? e.Status), CompletedNow = e.EndAt <= now,
                r?.IntentionToTreat?.AbsUplift, r?.IntentionToTreat?.PValue, r?.IntentionToTreat?.SrmFlag, r?.IntentionToTreat?.InsufficientData, r?.Note,
            });
        }
        return JsonSerializer.Serialize(new { Day = DateOnly.FromDateTime(now.UtcDateTime), Experiments = report }, StoredJson.Options);
    }
}
