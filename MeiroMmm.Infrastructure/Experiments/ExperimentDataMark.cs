using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>
/// The newest row id of each experiment data table. Those tables are insert-only (ingestion and auto-assign only add
/// rows; nothing deletes an experiment) and ids only grow, so any new assignment, exposure or outcome of any experiment
/// raises the mark: a computation remembered with a mark is current while the mark is. Read through the primary keys,
/// so it costs the same at a million rows as at ten; read from the database, so it sees every instance's writes.
/// </summary>
public sealed record ExperimentDataMark(long? Assignments, long? Exposures, long? Outcomes)
{
    /// <summary>The mark, or null when there is no experiment at all.</summary>
    public static Task<ExperimentDataMark?> ReadAsync(MeiroDbContext db, CancellationToken ct) =>
        db.Experiments.Take(1).Select(_ => new ExperimentDataMark(
                db.ExperimentAssignments.Max(a => (long?)a.Id), db.ExperimentExposures.Max(x => (long?)x.Id), db.ExperimentOutcomes.Max(o => (long?)o.Id)))
            .FirstOrDefaultAsync(ct);
}
