using System.Text.Json;
using MeiroMmm.Domain.Experiments;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>
/// Results and the cumulative daily series of one experiment, computed with <see cref="UpliftAnalysis"/> from sums the
/// database makes (<see cref="ExperimentAggregates"/>: a few hundred buckets, however many profiles), and the daily history in <c>experiment_results</c>. A profile converts when it has a stored outcome
/// inside the experiment's outcome window (from its start to its end plus the conversion latency; not from each
/// profile's assignment time, since assignments may be stored after the fact, e.g. by auto-assign over a past period);
/// outcomes outside it are counted and reported, not used; outcomes and exposures of unassigned profiles count nowhere.
/// </summary>
public sealed class ExperimentResultsService(IDbContextFactory<MeiroDbContext> dbFactory, TimeProvider clock, IOptions<ExperimentOptions> options)
{
    /// <summary>τ² of the always-valid p-value: the mixture is tuned for effects of about 1 pp (docs/EXPERIMENTS.md §3).</summary>
    public const double SequentialTau2 = 1e-4;
    /// <summary>Longest series served; a stray timestamp decades away must not produce a million points.</summary>
    public const int MaxDays = 3660;

    public async Task<ExperimentResults?> ResultsAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var data = await LoadAsync(db, id, ct);
        return data is null ? null : Compute(data);
    }

    public async Task<IReadOnlyList<TimeSeriesPoint>?> TimeSeriesAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var data = await LoadAsync(db, id, ct);
        return data is null ? null : Series(data);
    }

    /// <summary>
    /// Computes the results with the nightly report's alerts (<see cref="ExperimentAlertPolicy"/>, judged on the
    /// always-valid p-value of the daily looks) and stores them as today's (UTC) row, replacing an earlier row of the same day.
    /// </summary>
    public async Task<ExperimentResults?> SaveDailyAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var data = await LoadAsync(db, id, ct);
        if (data is null) return null;
        var results = Compute(data);
        results = results with { Alerts = Alerts(data, results, Series(data)) };
        var day = DateOnly.FromDateTime(results.ComputedAt.UtcDateTime);
        string json = JsonSerializer.Serialize(results, StoredJson.Options);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.ExperimentResults.Where(r => r.ExperimentId == id && r.Day == day).ExecuteDeleteAsync(ct);
            db.ExperimentResults.Add(new ExperimentResult { ExperimentId = id, Day = day, ComputedAt = results.ComputedAt, ResultsJson = json });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        return results;
    }

    /// <summary>The stored daily rows, oldest first; null when the experiment does not exist.</summary>
    public async Task<IReadOnlyList<ExperimentResultHistoryEntry>?> HistoryAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Experiments.AnyAsync(e => e.Id == id, ct)) return null;
        var rows = await db.ExperimentResults.AsNoTracking().Where(r => r.ExperimentId == id).OrderBy(r => r.Day).ToListAsync(ct);
        return [.. rows.Select(r => new ExperimentResultHistoryEntry(r.Day, r.ComputedAt, JsonDocument.Parse(r.ResultsJson).RootElement.Clone()))];
    }

    private Task<ExperimentAggregates?> LoadAsync(MeiroDbContext db, int id, CancellationToken ct) =>
        ExperimentAggregates.LoadAsync(db, id, TimeSpan.FromDays(options.Value.ConversionLatencyDays), ct);

    private ExperimentResults Compute(ExperimentAggregates data)
    {
        var e = data.Experiment;
        var treatment = data.Sum(b => b.Group == ExperimentGroup.Treatment);
        var control = data.Sum(b => b.Group == ExperimentGroup.Control);
        var exposedTreatment = data.Sum(b => b.Group == ExperimentGroup.Treatment && b.Exposed);
        UpliftSummary? View(ValueTotals t, ValueTotals c) =>
            t.Profiles > 0 && c.Profiles > 0 ? UpliftSummary.From(UpliftAnalysis.Analyze(t.Totals, c.Totals, e.TreatmentRate)) : null;
        // Welch needs a variance in each group, so at least two profiles each.
        var value = treatment.Profiles > 1 && control.Profiles > 1
            ? ValueComparison.From(WelchTest.Compare(treatment.Summary(), control.Summary()))
            : null;
        string? note = treatment.Profiles == 0 || control.Profiles == 0 ? "Results need at least one assigned profile in each group." : null;
        return new ExperimentResults(e.Id, e.Key, e.Status, e.TreatmentRate, clock.GetUtcNow(),
            View(treatment, control), View(exposedTreatment, control), value,
            exposedTreatment.Profiles, treatment.Profiles > 0 ? (double)exposedTreatment.Profiles / treatment.Profiles : null, note,
            data.OutcomesOutsideWindow);
    }

    private List<ExperimentAlertRow> Alerts(ExperimentAggregates data, ExperimentResults results, List<TimeSeriesPoint> series)
    {
        var itt = results.IntentionToTreat is { } s
            ? UpliftAnalysis.Analyze(new(s.NTreatment, s.ConversionsTreatment, s.ValueTreatment), new(s.NControl, s.ConversionsControl, s.ValueControl), data.Experiment.TreatmentRate)
            : null;
        double? alwaysValidP = series.LastOrDefault(p => p.AlwaysValidPValue is not null)?.AlwaysValidPValue;
        var check = new ExperimentCheck(itt, alwaysValidP, data.Experiment.StartAt, data.LastActivity, clock.GetUtcNow());
        return [.. ExperimentAlertPolicy.Evaluate(check, options.Value.AlertSettings).Select(a => ExperimentAlertRow.From(a))];
    }

    /// <summary>
    /// One point per UTC day from the first assignment to the last assignment or conversion. A profile counts from the
    /// day it was assigned and converts on the later of that day and its first conversion's day.
    /// </summary>
    private static List<TimeSeriesPoint> Series(ExperimentAggregates data)
    {
        if (data.Buckets.Count == 0) return [];
        var first = data.Buckets.Min(b => b.AssignedOn);
        int DayOf(DateOnly d) => Math.Clamp(d.DayNumber - first.DayNumber, 0, MaxDays - 1);
        int days = 1 + data.Buckets.Max(b => Math.Max(DayOf(b.AssignedOn), b.ConvertedOn is { } c ? DayOf(c) : 0));
        var n = new long[2, days];
        var x = new long[2, days];
        foreach (var b in data.Buckets)
        {
            int g = (int)b.Group, assigned = DayOf(b.AssignedOn);
            n[g, assigned] += b.Profiles;
            if (b.ConvertedOn is { } c) x[g, Math.Max(assigned, DayOf(c))] += b.Profiles;
        }
        var monitor = new SequentialMonitor(SequentialTau2);
        var points = new List<TimeSeriesPoint>(days);
        long nt = 0, nc = 0, xt = 0, xc = 0;
        int t = (int)ExperimentGroup.Treatment, k = (int)ExperimentGroup.Control;
        for (int d = 0; d < days; d++)
        {
            nt += n[t, d]; nc += n[k, d]; xt += x[t, d]; xc += x[k, d];
            var date = first.AddDays(d);
            if (nt == 0 || nc == 0)
            {
                points.Add(new TimeSeriesPoint(date, nt, xt, nc, xc, null, null, null, null, null, null, null, true));
                continue;
            }
            GroupTotals treatment = new(nt, xt), control = new(nc, xc);
            var report = UpliftAnalysis.Analyze(treatment, control, data.Experiment.TreatmentRate);
            var look = monitor.Observe(treatment, control);
            points.Add(new TimeSeriesPoint(date, nt, xt, nc, xc, report.RateTreatment, report.RateControl, report.AbsoluteUplift,
                report.NewcombeCi.Low, report.NewcombeCi.High, UpliftSummary.Finite(report.PValue), UpliftSummary.Finite(look.AlwaysValidP),
                report.InsufficientData));
        }
        return points;
    }
}
