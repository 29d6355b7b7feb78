using System.Diagnostics;
using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Taxonomy;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// Reads an uploaded journey file as a stream and stores its good journeys: conversion paths plus the path aggregates,
/// in batches of <see cref="BatchSize"/>, each batch in one transaction (paths and aggregates agree after every commit).
/// Bad records are counted and their reasons kept (the first <c>maxRejects</c>); duplicates (same conversion id or
/// content hash, in the file or already stored) are skipped. Uploads run one at a time: two batches adding to the same
/// aggregate row must not race. A singleton.
/// </summary>
public sealed class JourneyIngestion(IDbContextFactory<MeiroDbContext> dbFactory, TaxonomyStore taxonomy, TimeProvider clock)
{
    public const int BatchSize = 5000;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Builds a reader over the workspace's taxonomy, so channels follow source/medium as everywhere else.</summary>
    public async Task<JourneyRecordBuilder> NewBuilderAsync(CancellationToken ct) =>
        new(new ChannelMapper(await taxonomy.LoadTaxonomyAsync(ct)));

    public static IAsyncEnumerable<JourneyRecord> Read(Stream stream, JourneyFileFormat format, JourneyRecordBuilder builder, CancellationToken ct) =>
        format == JourneyFileFormat.Csv ? JourneyCsvReader.ReadAsync(stream, builder, ct) : JourneyJsonReader.ReadAsync(stream, builder, ct);

    public async Task<IngestionSummary> IngestAsync(Stream stream, JourneyFileFormat format, string origin, int maxRejects,
        IProgress<IngestionProgress>? progress, CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try { return await IngestLockedAsync(stream, format, origin, maxRejects, progress, ct); }
        finally { _oneAtATime.Release(); }
    }

    private async Task<IngestionSummary> IngestLockedAsync(Stream stream, JourneyFileFormat format, string origin, int maxRejects,
        IProgress<IngestionProgress>? progress, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var builder = await NewBuilderAsync(ct);
        var counting = stream as CountingStream;
        var rejects = new List<JourneyReject>();
        var seen = new HashSet<string>(StringComparer.Ordinal);   // dedup keys in this file
        var batch = new List<(Domain.Attribution.Journey Journey, string Key)>(BatchSize);
        int records = 0, accepted = 0, rejected = 0, duplicates = 0;
        var importedAt = clock.GetUtcNow();
        long lastReport = 0;

        async Task FlushAsync()
        {
            var (inserted, already) = await WriteBatchAsync(batch, origin, importedAt, ct);
            accepted += inserted;
            duplicates += already;
            batch.Clear();
        }

        await foreach (var record in Read(stream, format, builder, ct))
        {
            records++;
            if (record.Reject is { } reject)
            {
                rejected++;
                if (rejects.Count < maxRejects) rejects.Add(reject);
            }
            else if (!seen.Add(record.DedupKey!)) duplicates++;
            else
            {
                batch.Add((record.Journey!, record.DedupKey!));
                if (batch.Count == BatchSize) await FlushAsync();
            }
            if (progress is not null && watch.ElapsedMilliseconds - lastReport >= 100)
            {
                lastReport = watch.ElapsedMilliseconds;
                progress.Report(new IngestionProgress(counting?.BytesRead ?? 0, records, accepted + batch.Count, rejected, duplicates));
            }
        }
        if (batch.Count > 0) await FlushAsync();
        progress?.Report(new IngestionProgress(counting?.BytesRead ?? 0, records, accepted, rejected, duplicates));
        return new IngestionSummary(records, accepted, rejected, duplicates, builder.ChannelsFromTaxonomy, rejects, watch.Elapsed.TotalSeconds, rejected > rejects.Count);
    }

    /// <summary>
    /// Stores already-built valid records (the CDP connector's pages and webhook batches) as one batch, with the same
    /// dedup and aggregates as an upload. Returns (inserted, duplicates: repeated in the batch or already stored).
    /// </summary>
    public async Task<(int Inserted, int Duplicates)> StoreAsync(IReadOnlyList<JourneyRecord> records, string origin, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var batch = records.Where(r => r.Journey is not null && seen.Add(r.DedupKey!)).Select(r => (r.Journey!, r.DedupKey!)).ToList();
        int repeated = records.Count(r => r.Journey is not null) - batch.Count;
        if (batch.Count == 0) return (0, repeated);
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var (inserted, already) = await WriteBatchAsync(batch, origin, clock.GetUtcNow(), ct);
            return (inserted, already + repeated);
        }
        finally { _oneAtATime.Release(); }
    }

    /// <summary>Stores the batch's journeys not stored yet, with their aggregates, in one transaction. Returns (inserted, already stored).</summary>
    private async Task<(int Inserted, int Duplicates)> WriteBatchAsync(List<(Domain.Attribution.Journey Journey, string Key)> batch,
        string origin, DateTimeOffset importedAt, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;   // only Adds and a few tracked updates: DetectChanges per Add would be quadratic
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();   // a retry starts from a clean unit of work
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var keys = batch.Select(b => b.Key).ToList();
            // Inlined as an IN list of constants: the index on ConversionId answers it. A JSON-array parameter
            // (EF's default) makes SQLite scan the whole table for every batch, quadratic in the stored journeys.
            var stored = (await db.ConversionPaths.Where(p => EF.Constant(keys).Contains(p.ConversionId)).Select(p => p.ConversionId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var rows = batch.Where(b => !stored.Contains(b.Key)).Select(b => ConversionPathMapper.ToRow(b.Journey, origin, importedAt, b.Key)).ToList();
            // New rows bypass the change tracker: one prepared insert (SQLite), binary COPY (PostgreSQL) or SqlBulkCopy
            // (SQL Server) per table; only the existing aggregates that grow go through SaveChanges.
            var created = await PathAggregateUpdater.AddAsync(db, rows, ct, trackNew: false);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            await (db.Provider switch
            {
                DatabaseProvider.Postgres => PostgresBulkInserter.InsertAsync(db, rows, created, ct),
                DatabaseProvider.SqlServer => SqlServerBulkInserter.InsertAsync(db, rows, created, ct),
                _ => SqliteBulkInserter.InsertAsync(db, rows, created, ct),
            });
            await tx.CommitAsync(ct);
            return (rows.Count, batch.Count - rows.Count);
        });
    }
}
