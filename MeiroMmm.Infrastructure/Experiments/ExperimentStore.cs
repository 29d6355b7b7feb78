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
    public async Task<IReadOnlyList<ExperimentSummary>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var experiments = await db.Experiments.AsNoTracking().OrderByDescending(e => e.Id).ToListAsync(ct);
        var groups = await db.ExperimentAssignments.AsNoTracking()
            .GroupBy(a => new { a.ExperimentId, a.Group }).Select(g => new { g.Key.ExperimentId, g.Key.Group, Count = g.Count() }).ToListAsync(ct);
        var exposures = await db.ExperimentExposures.AsNoTracking().GroupBy(e => e.ExperimentId).Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Id, x => x.Count, ct);
        var outcomes = await db.ExperimentOutcomes.AsNoTracking().GroupBy(o => o.ExperimentId).Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Id, x => x.Count, ct);
        int CountOf(int id, ExperimentGroup group) => groups.Where(g => g.ExperimentId == id && g.Group == group).Sum(g => g.Count);
        return [.. experiments.Select(e => new ExperimentSummary(e.Id, e.Key, e.Name, e.Channel, e.Status, e.TreatmentRate, e.StartAt, e.EndAt,
            CountOf(e.Id, ExperimentGroup.Treatment), CountOf(e.Id, ExperimentGroup.Control),
            exposures.GetValueOrDefault(e.Id), outcomes.GetValueOrDefault(e.Id)))];
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
