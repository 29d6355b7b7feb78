using MeiroMmm.Domain.DataQuality;
using MeiroMmm.Domain.Explainability;
using MeiroMmm.Infrastructure.DataQuality;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Explainability;

/// <summary>
/// The DQ snapshot figures behind a period's confidence: match rate (1 − unknown_share of the taxonomy), journeys'
/// freshness_hours, missing_value_rate and duplicate_rate. For each metric it takes the newest snapshot measured by the
/// end of the period; when none was measured by then (the first DQ run came later), the earliest one after it.
/// Stateless: a singleton.
/// </summary>
public sealed class PeriodDataQualityReader(IDbContextFactory<MeiroDbContext> dbFactory)
{
    private static readonly (string Metric, string Source)[] Inputs =
    [
        (DqMetricCatalog.UnknownShare.Key, DqMetricCatalog.TaxonomySource),
        (DqMetricCatalog.Freshness.Key, DqMetricCatalog.JourneysSource),
        (DqMetricCatalog.MissingValueRate.Key, DqMetricCatalog.JourneysSource),
        (DqMetricCatalog.DuplicateRate.Key, DqMetricCatalog.JourneysSource),
    ];

    public async Task<IReadOnlyList<DqSnapshot>> LoadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = Inputs.Select(i => i.Metric).ToList();
        var rows = await db.DqSnapshots.AsNoTracking().Where(s => keys.Contains(s.MetricKey)).ToListAsync(ct);
        return [.. rows.Where(r => Inputs.Contains((r.MetricKey, r.Source)))];
    }

    /// <summary>The inputs for a period ending (exclusively) at <paramref name="end"/>, from <paramref name="snapshots"/>.</summary>
    public static DataQualityInputs InputsFor(IReadOnlyList<DqSnapshot> snapshots, DateTimeOffset end)
    {
        DqSnapshot? Pick(string metric) =>
            snapshots.Where(s => s.MetricKey == metric && s.TsBucket < end).MaxBy(s => s.TsBucket)
            ?? snapshots.Where(s => s.MetricKey == metric && s.TsBucket >= end).MinBy(s => s.TsBucket);
        var unknown = Pick(DqMetricCatalog.UnknownShare.Key);
        var fresh = Pick(DqMetricCatalog.Freshness.Key);
        var missing = Pick(DqMetricCatalog.MissingValueRate.Key);
        var duplicates = Pick(DqMetricCatalog.DuplicateRate.Key);
        var asOf = new[] { unknown, fresh, missing, duplicates }.OfType<DqSnapshot>().Select(s => (DateTimeOffset?)s.ComputedAt).Max();
        return new DataQualityInputs(unknown is null ? null : 1 - unknown.MetricValue, fresh?.MetricValue, missing?.MetricValue, duplicates?.MetricValue, asOf);
    }
}
