using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>
/// Stores exposures and outcomes in batches of up to <see cref="ExperimentService.MaxBatch"/>, idempotently: an
/// exposure is known by its message id, an outcome by its dedup key, so a sender may retry a batch as often as it
/// likes. Archived experiments take nothing; completed ones still take late outcomes and exposures.
/// </summary>
public sealed class ExperimentIngestion(IDbContextFactory<MeiroDbContext> dbFactory)
{
    public async Task<ExperimentOperation<IngestionSummary>> RecordExposuresAsync(int id, IReadOnlyList<ExposureRecord?>? batch, CancellationToken ct)
    {
        var errors = CheckBatch("exposures", batch, (e, at) =>
        [
            .. Id(e.ProfileId, $"{at}.profile_id"), .. Id(e.MessageId, $"{at}.message_id"),
            .. e.ExposedAt is null ? [new FieldError($"{at}.exposed_at", "exposed_at is required.")] : Array.Empty<FieldError>(),
        ]);
        if (errors.Count > 0) return ExperimentOperation<IngestionSummary>.Invalid(errors);
        var rows = batch!.Select(e => new ExperimentExposure
        {
            ExperimentId = id, ProfileId = e!.ProfileId!.Trim(), MessageId = e.MessageId!.Trim(), ExposedAt = e.ExposedAt!.Value.ToUniversalTime(),
        }).ToList();
        return await StoreAsync(id, rows, r => r.MessageId, r => r.ProfileId,
            (db, keys) => db.ExperimentExposures.Where(x => x.ExperimentId == id && keys.Contains(x.MessageId)).Select(x => x.MessageId), ct);
    }

    public async Task<ExperimentOperation<IngestionSummary>> RecordOutcomesAsync(int id, IReadOnlyList<OutcomeRecord?>? batch, CancellationToken ct)
    {
        var errors = CheckBatch("outcomes", batch, (o, at) =>
        [
            .. Id(o.ProfileId, $"{at}.profile_id"),
            .. o.ConversionId?.Trim().Length > ExperimentService.MaxIdLength ? [new FieldError($"{at}.conversion_id", $"conversion_id has at most {ExperimentService.MaxIdLength} characters.")] : Array.Empty<FieldError>(),
            .. o.ConvertedAt is null ? [new FieldError($"{at}.converted_at", "converted_at is required.")] : Array.Empty<FieldError>(),
            .. o.Value is { } v && !double.IsFinite(v) ? [new FieldError($"{at}.value", "value must be a finite number.")] : Array.Empty<FieldError>(),
        ]);
        if (errors.Count > 0) return ExperimentOperation<IngestionSummary>.Invalid(errors);
        var rows = batch!.Select(o =>
        {
            string profile = o!.ProfileId!.Trim();
            var at = o.ConvertedAt!.Value.ToUniversalTime();
            double value = o.Value ?? 0;
            string? conversion = string.IsNullOrWhiteSpace(o.ConversionId) ? null : o.ConversionId.Trim();
            return new ExperimentOutcome
            {
                ExperimentId = id, ProfileId = profile, ConvertedAt = at, Value = value, ConversionId = conversion,
                DedupKey = ExperimentOutcome.DedupKeyOf(conversion, profile, at, value),
            };
        }).ToList();
        return await StoreAsync(id, rows, r => r.DedupKey, r => r.ProfileId,
            (db, keys) => db.ExperimentOutcomes.Where(x => x.ExperimentId == id && keys.Contains(x.DedupKey)).Select(x => x.DedupKey), ct);
    }

    private async Task<ExperimentOperation<IngestionSummary>> StoreAsync<TRow>(
        int id, List<TRow> rows, Func<TRow, string> keyOf, Func<TRow, string> profileOf,
        Func<MeiroDbContext, string[], IQueryable<string>> storedKeys, CancellationToken ct) where TRow : class
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var experiment = await db.Experiments.AsNoTracking().Where(e => e.Id == id).Select(e => new { e.Status }).SingleOrDefaultAsync(ct);
        if (experiment is null) return ExperimentOperation<IngestionSummary>.NotFound(id);
        if (experiment.Status == ExperimentStatus.Archived)
            return ExperimentOperation<IngestionSummary>.Conflict("An archived experiment takes no exposures or outcomes.");

        // Repeats inside the batch count as duplicates too; the first occurrence wins.
        var unique = rows.DistinctBy(keyOf, StringComparer.Ordinal).ToList();
        string[] keys = [.. unique.Select(keyOf)];
        string[] profiles = [.. rows.Select(profileOf).Distinct(StringComparer.Ordinal)];
        IngestionSummary? summary = null;
        try
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var stored = (await ChunkedLookup.ToListAsync(keys, chunk => storedKeys(db, chunk), ct)).ToHashSet(StringComparer.Ordinal);
                var fresh = unique.Where(r => !stored.Contains(keyOf(r))).ToList();
                var assigned = (await ChunkedLookup.ToListAsync(profiles, chunk => db.ExperimentAssignments
                    .Where(a => a.ExperimentId == id && chunk.Contains(a.ProfileId)).Select(a => a.ProfileId), ct)).ToHashSet(StringComparer.Ordinal);
                db.AddRange(fresh);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                var unassigned = rows.Where(r => !assigned.Contains(profileOf(r))).ToList();
                summary = new IngestionSummary(rows.Count, fresh.Count, rows.Count - fresh.Count, unassigned.Count,
                    [.. unassigned.Select(profileOf).Distinct(StringComparer.Ordinal)]);
            });
        }
        catch (DbUpdateException)
        {
            // A concurrent request stored some of the same keys between the lookup and the insert; nothing of this
            // batch was stored, and since ingestion is idempotent the sender can simply post it again.
            return ExperimentOperation<IngestionSummary>.Conflict("A concurrent request stored some of these rows first; nothing was stored, post the batch again.");
        }
        return ExperimentOperation<IngestionSummary>.Done(summary!);
    }

    private static List<FieldError> CheckBatch<T>(string field, IReadOnlyList<T?>? batch, Func<T, string, IEnumerable<FieldError>> check) where T : class
    {
        if (batch is null || batch.Count == 0) return [new(field, $"{field} needs at least one item.")];
        if (batch.Count > ExperimentService.MaxBatch) return [new(field, $"{field} has {batch.Count} items; send at most {ExperimentService.MaxBatch} per request.")];
        // Twenty problems say enough about a broken batch; listing ten thousand would bury them.
        return [.. batch.SelectMany((item, i) => item is null ? [new FieldError($"{field}[{i}]", "An item is an object, not null.")] : check(item, $"{field}[{i}]")).Take(20)];
    }

    private static IEnumerable<FieldError> Id(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Length > ExperimentService.MaxIdLength
            ? [new FieldError(field, $"{field} is required, with at most {ExperimentService.MaxIdLength} characters.")]
            : [];
}
