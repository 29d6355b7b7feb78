using System.Collections.Concurrent;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>
/// The last computed results of each experiment, reused while its data version is unchanged: GET …/results is the
/// most-read endpoint and recomputes from every stored row. The version is read from the database on every request
/// (one short query), so every instance of a cluster sees every write at once, wherever it was made; nothing here
/// expires by time. Singleton; one entry per experiment.
/// </summary>
public sealed class ExperimentResultsCache(IDbContextFactory<MeiroDbContext> dbFactory, ExperimentResultsService results)
{
    /// <summary>The experiment row (its settings and status) and the data tables' <see cref="ExperimentDataMark"/>.</summary>
    private sealed record DataVersion(ExperimentStatus Status, DateTimeOffset StartAt, DateTimeOffset EndAt, double TreatmentRate,
        string Channel, string Key, string Name, ExperimentDataMark Mark);

    private readonly ConcurrentDictionary<int, (DataVersion Version, Task<ExperimentResults?> Results)> _entries = new();

    /// <summary>Same answer as <see cref="ExperimentResultsService.ResultsAsync"/>; computed_at tells when it was computed.</summary>
    public async Task<ExperimentResults?> ResultsAsync(int id, CancellationToken ct)
    {
        var version = await VersionAsync(id, ct);
        if (version is null)
        {
            _entries.TryRemove(id, out _);
            return null;
        }
        // The version is read before computing, so a write that lands meanwhile is in the results and raises the next
        // version read: at worst one extra computation, never an old answer. Concurrent misses share one computation.
        var entry = _entries.AddOrUpdate(id,
            _ => (version, results.ResultsAsync(id, CancellationToken.None)),
            (_, old) => old.Version == version && !old.Results.IsFaulted && !old.Results.IsCanceled ? old : (version, results.ResultsAsync(id, CancellationToken.None)));
        try { return await entry.Results.WaitAsync(ct); }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            _entries.TryRemove(KeyValuePair.Create(id, entry));   // a failed computation is not remembered
            throw;
        }
    }

    private async Task<DataVersion?> VersionAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One statement: the row and the mark (the same maxima as ExperimentDataMark.ReadAsync).
        return await db.Experiments.AsNoTracking().Where(e => e.Id == id)
            .Select(e => new DataVersion(e.Status, e.StartAt, e.EndAt, e.TreatmentRate, e.Channel, e.Key, e.Name, new ExperimentDataMark(
                db.ExperimentAssignments.Max(a => (long?)a.Id), db.ExperimentExposures.Max(x => (long?)x.Id), db.ExperimentOutcomes.Max(o => (long?)o.Id))))
            .FirstOrDefaultAsync(ct);
    }
}
