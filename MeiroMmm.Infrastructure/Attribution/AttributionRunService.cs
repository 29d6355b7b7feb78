using System.Text.Json;
using MeiroMmm.Domain.Attribution;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>
/// Runs attribution models over the stored journeys and keeps every result with its settings. Windows and eligibility
/// work on single touchpoints, so a run reads the journeys (not the path aggregates), filters them
/// (<see cref="JourneyWindowFilter"/>), aggregates them in memory and runs the models on the distinct paths.
/// A singleton: one context per call.
/// </summary>
public sealed class AttributionRunService(IDbContextFactory<MeiroDbContext> dbFactory, TimeProvider clock)
{
    private static JsonSerializerOptions Json => StoredJson.Options;

    /// <summary>Runs <paramref name="models"/> on one filtered read of the journeys and stores one result per model.</summary>
    public async Task<IReadOnlyList<StoredAttributionResult>> RunAsync(IReadOnlyList<string> models, AttributionRunSettings settings, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Journeys(db, settings);
        var asOf = settings.AsOf ?? (settings.To is { } to
            ? new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1)
            : await LatestTimestampAsync(query, ct) ?? clock.GetUtcNow());
        settings = settings with { AsOf = asOf };

        var filter = new JourneyWindowFilter(settings.Windows, settings.Eligibility, asOf);
        var kept = new List<Journey>();
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(ct))
            if (filter.Apply(ConversionPathMapper.ToJourney(row)) is { } journey) kept.Add(journey);
        var paths = PathAggregator.Aggregate(kept);
        var pathsWithAges = models.Contains(AttributionModelCatalog.TimeDecay) ? PathAggregator.Aggregate(kept, byTouchAges: true) : paths;

        var now = clock.GetUtcNow();
        var results = models.Select(m => new StoredAttributionResult(Guid.NewGuid(), m, now, settings,
            AttributionModelCatalog.Run(m, paths, pathsWithAges, settings.Parameters), filter.Counts)).ToList();
        db.AttributionRuns.AddRange(results.Select(r => new AttributionRun
        {
            Id = r.Id, Model = r.Model, CreatedAt = r.CreatedAt,
            SettingsJson = JsonSerializer.Serialize(new StoredSettings(r.Settings, r.Counts), Json),
            ResultJson = JsonSerializer.Serialize(r.Result, Json),
            Journeys = r.Counts.JourneysUsed, Conversions = r.Result.TotalConversions, Value = r.Result.TotalValue,
        }));
        await db.SaveChangesAsync(ct);   // one statement batch: no explicit transaction needed
        return results;
    }

    /// <summary>The newest stored result of each model that has one, in the catalog's order.</summary>
    public async Task<IReadOnlyList<StoredAttributionResult>> LatestAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = new List<StoredAttributionResult>();
        foreach (string model in AttributionModelCatalog.Models)
            if (await db.AttributionRuns.AsNoTracking().Where(r => r.Model == model).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct) is { } run)
                latest.Add(Read(run));
        return latest;
    }

    public async Task<StoredAttributionResult?> LatestAsync(string model, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.AttributionRuns.AsNoTracking().Where(r => r.Model == model).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        return run is null ? null : Read(run);
    }

    private static IQueryable<ConversionPath> Journeys(MeiroDbContext db, AttributionRunSettings settings)
    {
        var query = db.ConversionPaths.AsNoTracking();
        if (settings.From is { } from) query = query.Where(p => p.JourneyDate >= from);
        if (settings.To is { } to) query = query.Where(p => p.JourneyDate <= to);
        // Non-converting journeys have no conversion key; they belong to every key's analysis.
        if (settings.ConversionKey is { } key) query = query.Where(p => !p.Converted || p.ConversionKey == key);
        return query.OrderBy(p => p.Id);
    }

    private static async Task<DateTimeOffset?> LatestTimestampAsync(IQueryable<ConversionPath> query, CancellationToken ct)
    {
        var conversion = await query.Where(p => p.ConversionTs != null).MaxAsync(p => p.ConversionTs, ct);   // the partial index's condition
        var touch = await query.MaxAsync(p => p.LastTouchTs, ct);
        return conversion is null ? touch : touch is null ? conversion : conversion > touch ? conversion : touch;
    }

    private static StoredAttributionResult Read(AttributionRun run)
    {
        var stored = JsonSerializer.Deserialize<StoredSettings>(run.SettingsJson, Json)!;
        var result = JsonSerializer.Deserialize<AttributionResult>(run.ResultJson, Json)!;
        return new StoredAttributionResult(run.Id, run.Model, run.CreatedAt, stored.Settings, result, stored.Counts);
    }

    private sealed record StoredSettings(AttributionRunSettings Settings, WindowFilterCounts Counts);
}
