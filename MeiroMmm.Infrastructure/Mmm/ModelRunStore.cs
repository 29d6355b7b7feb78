using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>A run as listed: no result body.</summary>
public sealed record ModelRunSummary(
    Guid Id, Guid DatasetId, string Kpi, ModelRunStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt,
    string? Error, ModelRunSettings? Settings);

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

    private static ModelRunSettings? ReadSettings(string json)
    {
        try { return System.Text.Json.JsonSerializer.Deserialize<ModelRunSettings>(json, StoredFitResult.JsonOptions); }
        catch (System.Text.Json.JsonException) { return null; }   // a row from before settings were stored ("{}")
    }
}
