using MeiroMmm.Domain.Experiments;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Experiments;

public sealed record ExperimentSummary(
    int Id, string Key, string Name, string Channel, ExperimentStatus Status, double TreatmentRate,
    DateTimeOffset StartAt, DateTimeOffset EndAt, int TreatmentProfiles, int ControlProfiles, int Exposures, int Outcomes);

/// <summary>Reads experiments with their counts. One context per call: a singleton.</summary>
public sealed class ExperimentStore(IDbContextFactory<MeiroDbContext> dbFactory)
{
    private sealed record Counts(ExperimentDataMark Mark, Dictionary<(int, ExperimentGroup), int> Groups, Dictionary<int, int> Exposures, Dictionary<int, int> Outcomes);
    // The per-experiment counts scan every assignment, exposure and outcome; they are recounted only when the data mark moved.
    private volatile Counts? _counts;

    public async Task<IReadOnlyList<ExperimentSummary>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var experiments = await db.Experiments.AsNoTracking().OrderByDescending(e => e.Id).ToListAsync(ct);
        if (experiments.Count == 0) return [];
        var counts = await CountsAsync(db, ct);
        int CountOf(int id, ExperimentGroup group) => counts.Groups.GetValueOrDefault((id, group));
        return [.. experiments.Select(e => new ExperimentSummary(e.Id, e.Key, e.Name, e.Channel, e.Status, e.TreatmentRate, e.StartAt, e.EndAt,
            CountOf(e.Id, ExperimentGroup.Treatment), CountOf(e.Id, ExperimentGroup.Control),
            counts.Exposures.GetValueOrDefault(e.Id), counts.Outcomes.GetValueOrDefault(e.Id)))];
    }

    private async Task<Counts> CountsAsync(MeiroDbContext db, CancellationToken ct)
    {
        // The mark is read before counting: rows added meanwhile are counted and move the next mark (one extra count, never a stale one).
        var mark = (await ExperimentDataMark.ReadAsync(db, ct))!;
        if (_counts is { } known && known.Mark == mark) return known;
        var groups = await db.ExperimentAssignments.AsNoTracking()
            .GroupBy(a => new { a.ExperimentId, a.Group }).Select(g => new { g.Key.ExperimentId, g.Key.Group, Count = g.Count() }).ToDictionaryAsync(x => (x.ExperimentId, x.Group), x => x.Count, ct);
        var exposures = await db.ExperimentExposures.AsNoTracking().GroupBy(e => e.ExperimentId).Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Id, x => x.Count, ct);
        var outcomes = await db.ExperimentOutcomes.AsNoTracking().GroupBy(o => o.ExperimentId).Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Id, x => x.Count, ct);
        var counted = new Counts(mark, groups, exposures, outcomes);
        _counts = counted;
        return counted;
    }

    /// <summary>Exposures newest first; null when the experiment does not exist.</summary>
    public async Task<ExposurePage?> ExposuresAsync(int id, int offset, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Experiments.AnyAsync(e => e.Id == id, ct)) return null;
        var exposures = db.ExperimentExposures.AsNoTracking().Where(e => e.ExperimentId == id);
        long total = await exposures.LongCountAsync(ct);
        var page = await exposures.OrderByDescending(e => e.ExposedAt).ThenByDescending(e => e.Id).Skip(offset).Take(limit)
            .Select(e => new ExposureRecord(e.ProfileId, e.MessageId, e.ExposedAt)).ToListAsync(ct);
        return new ExposurePage(total, offset, page);
    }
}
