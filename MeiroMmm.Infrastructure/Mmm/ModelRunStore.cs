using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>A run as listed: no result body.</summary>
public sealed record ModelRunSummary(
    Guid Id, Guid DatasetId, string Kpi, ModelRunStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt,
    string? Error, ModelRunSettings? Settings);

/// <summary>What deleting a run did: removed it, found nothing, or refused because the fit is queued or running.</summary>
public enum ModelRunDeletion { Deleted, NotFound, StillLive }

/// <summary>Reads stored model runs. One context per call: a singleton.</summary>
public sealed class ModelRunStore(IDbContextFactory<MeiroDbContext> dbFactory)
{
    // A run's settings are written once, when it is queued: parsed once per run, not on every list request.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, ModelRunSettings?> _settings = new();

    public async Task<IReadOnlyList<ModelRunSummary>> ListAsync(Guid? datasetId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.ModelRuns.AsNoTracking();
        if (datasetId is { } id) query = query.Where(r => r.DatasetId == id);
        var rows = await query.Select(r => new { r.Id, r.DatasetId, r.Kpi, r.Status, r.CreatedAt, r.StartedAt, r.CompletedAt, r.Error, r.SettingsJson }).ToListAsync(ct);
        // Sorted here: SQLite cannot ORDER BY a DateTimeOffset column.
        return [.. rows.OrderByDescending(r => r.CreatedAt).Select(r => new ModelRunSummary(r.Id, r.DatasetId, r.Kpi, r.Status, r.CreatedAt, r.StartedAt, r.CompletedAt, r.Error, _settings.GetOrAdd(r.Id, static (_, json) => ReadSettings(json), r.SettingsJson)))];
    }

    public async Task<(ModelRunSummary Run, StoredFitResult? Result)?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var r = await db.ModelRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (r is null) return null;
        var summary = new ModelRunSummary(r.Id, r.DatasetId, r.Kpi, r.Status, r.CreatedAt, r.StartedAt, r.CompletedAt, r.Error, ReadSettings(r.SettingsJson));
        return (summary, r.ResultJson is null ? null : StoredFitResult.FromJson(r.ResultJson));
    }

    /// <summary>
    /// Deletes an ended run with its stored result (both live in its row) in one transaction. A queued or running run is
    /// left alone: the status check and the delete are one statement, so a worker claiming it meanwhile cannot lose it.
    /// </summary>
    public async Task<ModelRunDeletion> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            int deleted = await db.ModelRuns
                .Where(r => r.Id == id && r.Status != ModelRunStatus.Queued && r.Status != ModelRunStatus.Running)
                .ExecuteDeleteAsync(ct);
            bool exists = deleted == 0 && await db.ModelRuns.AnyAsync(r => r.Id == id, ct);
            await tx.CommitAsync(ct);
            return deleted > 0 ? ModelRunDeletion.Deleted : exists ? ModelRunDeletion.StillLive : ModelRunDeletion.NotFound;
        });
    }

    private static ModelRunSettings? ReadSettings(string json)
    {
        try { return System.Text.Json.JsonSerializer.Deserialize<ModelRunSettings>(json, StoredFitResult.JsonOptions); }
        catch (System.Text.Json.JsonException) { return null; }   // a row from before settings were stored ("{}")
    }
}
