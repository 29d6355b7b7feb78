using System.Text.Json;
using MeiroMmm.Domain.Experiments;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>
/// `task nightly-report` and <c>POST /api/experiments/nightly-report</c>: moves running experiments past their end to
/// completed, stores today's results row of each experiment that was running, and raises its alerts
/// (<see cref="ExperimentAlertPolicy"/>) in the alert inbox (<see cref="ExperimentAlertPublisher"/>). One experiment failing does not stop the others: it gets an <c>error</c>
/// alert and the run ends with <see cref="ScheduledTaskFailedException"/> after the rest are done.
/// Cron: Scheduling:Tasks:nightly-report:Cron, 02:00 UTC by default.
/// </summary>
public sealed class ExperimentNightlyTask(
    IDbContextFactory<MeiroDbContext> dbFactory, ExperimentResultsService results, ExperimentAlertPublisher alerts, TimeProvider clock,
    ILogger<ExperimentNightlyTask> logger) : IScheduledTask
{
    public string Name => "nightly-report";
    public string Description => "Complete experiments past their end date, store today's results of every running experiment and raise its alerts.";
    public string? DefaultCron => "0 0 2 * * ?";

    public async Task<string> RunAsync(CancellationToken ct)
    {
        var report = await RunReportAsync(ct);
        string json = JsonSerializer.Serialize(report, StoredJson.Options);
        int failed = report.Experiments.Count(e => e.Alerts.Any(a => a.Level == "error"));
        if (failed > 0) throw new ScheduledTaskFailedException(json, $"{failed} experiment(s) could not be computed; see their error alerts.");
        return json;
    }

    /// <summary>The report as a value: per experiment its key, status, headline numbers and alerts.</summary>
    public async Task<NightlyReport> RunReportAsync(CancellationToken ct)
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
        var rows = new List<NightlyReportRow>();
        foreach (var e in running)
        {
            try
            {
                var r = await results.SaveDailyAsync(e.Id, ct);
                var itt = r?.IntentionToTreat;
                rows.Add(new(e.Id, e.Key, e.Channel, ExperimentTransitions.Name(r?.Status ?? e.Status), e.EndAt <= now,
                    itt?.NTreatment, itt?.NControl, itt?.AbsUplift, itt?.PValue, itt?.SrmFlag, itt?.InsufficientData, r?.Note, r?.Alerts ?? []));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Nightly results of experiment {Key} failed", e.Key);
                rows.Add(new(e.Id, e.Key, e.Channel, ExperimentTransitions.Name(e.Status), e.EndAt <= now, null, null, null, null, null, null, null,
                    [ExperimentAlertRow.From(new ExperimentAlert("computation_failed", ExperimentAlertLevel.Error, $"Results could not be computed: {ex.Message}"))]));
            }
        }
        var report = new NightlyReport(DateOnly.FromDateTime(now.UtcDateTime), rows);
        await alerts.PublishAsync(report, ct);
        return report;
    }
}

public sealed record NightlyReport(DateOnly Day, IReadOnlyList<NightlyReportRow> Experiments);

public sealed record NightlyReportRow(
    int Id, string Key, string Channel, string Status, bool CompletedNow, long? NTreatment, long? NControl,
    double? AbsUplift, double? PValue, bool? SrmFlag, bool? InsufficientData, string? Note, IReadOnlyList<ExperimentAlertRow> Alerts);
