using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Taxonomy;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// Reads an uploaded journey file as a stream and stores its good journeys: conversion paths plus the path aggregates,
/// in batches of <see cref="BatchSize"/>, each batch in one transaction (paths and aggregates agree after every commit;
/// on SQLite a large upload's batches after the first share one, see <see cref="SqliteUploadWriter"/>).
/// Bad records are counted and their reasons kept (the first <c>maxRejects</c>); duplicates (same conversion id or
/// content hash, in the file or already stored) are skipped. Uploads run one at a time: two batches adding to the same
/// aggregate row must not race. A singleton.
/// </summary>
public sealed class JourneyIngestion(IDbContextFactory<MeiroDbContext> dbFactory, TaxonomyStore taxonomy, TimeProvider clock) : IAsyncDisposable, IDisposable
{
    public const int BatchSize = 5000;

    /// <summary>SQLite: once an upload has stored this many journeys (and at least half as many as were stored before
    /// it), the rest goes in as one bulk load (<see cref="SqliteUploadWriter"/>). One batch: each later batch committed on
    /// its own costs about 60 µs per journey on this machine's disk, the bulk load about 40 all told.</summary>
    public int BulkLoadAfterRows { get; init; } = BatchSize;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private Task _checkpoint = Task.CompletedTask;

    /// <summary>The SQLite checkpoint that follows an upload (see <see cref="SqliteUploadWriter.CheckpointAsync"/>); complete at once on the other databases.</summary>
    public Task CheckpointDone => _checkpoint;

    /// <summary>At shutdown, lets the last checkpoint finish before the database goes away (it never throws).</summary>
    public async ValueTask DisposeAsync() => await _checkpoint;

    public void Dispose() => _checkpoint.GetAwaiter().GetResult();

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

    /// <summary>
    /// Two stages on two threads: this one reads, validates and maps records into batches; a writer task stores each full
    /// batch while the next one is read (at most two batches wait in between), so an upload takes about as long as its
    /// slower stage rather than both. A failure in either stage stops both; what was committed before it stays whole.
    /// </summary>
    private async Task<IngestionSummary> IngestLockedAsync(Stream stream, JourneyFileFormat format, string origin, int maxRejects,
        IProgress<IngestionProgress>? progress, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var builder = await NewBuilderAsync(ct);
        var counting = stream as CountingStream;
        var rejects = new List<JourneyReject>();
        var seen = new DedupKeySet();   // dedup keys in this file
        var pathHashes = new PathHashCache();
        var importedAt = clock.GetUtcNow();
        int records = 0, rejected = 0, duplicatesInFile = 0, queued = 0;
        int accepted = 0, alreadyStored = 0;   // written by the writer task only
        long lastReport = 0;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var full = Channel.CreateBounded<List<ConversionPath>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var writer = Task.Run(async () =>
        {
            SqliteUploadWriter? sqlite = null;
            try
            {
                sqlite = await SqliteUploadWriter.OpenAsync(dbFactory, BulkLoadAfterRows, stop.Token);
                await foreach (var rows in full.Reader.ReadAllAsync(stop.Token))
                {
                    var (inserted, already) = sqlite is null ? await WriteBatchAsync(rows, stop.Token) : await sqlite.WriteAsync(rows, stop.Token);
                    Volatile.Write(ref accepted, accepted + inserted);
                    Volatile.Write(ref alreadyStored, alreadyStored + already);
                }
                if (sqlite is not null) await sqlite.FinishAsync(stop.Token);
            }
            catch { stop.Cancel(); throw; }   // the reader stops at its next batch
            finally
            {
                if (sqlite is not null)
                {
                    await sqlite.DisposeAsync();
                    CheckpointInBackground();
                }
            }
        }, CancellationToken.None);

        try
        {
            var batch = new List<ConversionPath>(BatchSize);
            await foreach (var record in Read(stream, format, builder, stop.Token))
            {
                records++;
                if (record.Reject is { } reject)
                {
                    rejected++;
                    if (rejects.Count < maxRejects) rejects.Add(reject);
                }
                else if (!seen.Add(record.DedupKey!)) duplicatesInFile++;
                else
                {
                    batch.Add(ConversionPathMapper.ToRow(record.Journey!, origin, importedAt, record.DedupKey, pathHashes));
                    queued++;
                    if (batch.Count == BatchSize)
                    {
                        await full.Writer.WriteAsync(batch, stop.Token);
                        batch = new List<ConversionPath>(BatchSize);
                    }
                }
                if (progress is not null && watch.ElapsedMilliseconds - lastReport >= 100)
                {
                    lastReport = watch.ElapsedMilliseconds;
                    progress.Report(new IngestionProgress(counting?.BytesRead ?? 0, records, queued, rejected, duplicatesInFile + Volatile.Read(ref alreadyStored)));
                }
            }
            if (batch.Count > 0) await full.Writer.WriteAsync(batch, stop.Token);
            full.Writer.Complete();
        }
        catch (Exception readError)
        {
            full.Writer.TryComplete();
            stop.Cancel();
            try { await writer; }
            catch (Exception writeError) when (writeError is not OperationCanceledException && readError is OperationCanceledException)
            {
                ExceptionDispatchInfo.Throw(writeError);   // the reader only stopped because the writer failed
            }
            catch { /* cancelled with the reader, or failed too: the reader's own error is the one to report */ }
            throw;
        }
        await writer;
        int duplicates = duplicatesInFile + alreadyStored;
        progress?.Report(new IngestionProgress(counting?.BytesRead ?? 0, records, accepted, rejected, duplicates));
        return new IngestionSummary(records, accepted, rejected, duplicates, builder.ChannelsFromTaxonomy, rejects, watch.Elapsed.TotalSeconds, rejected > rejects.Count);
    }

    private void CheckpointInBackground() =>
        _checkpoint = Task.Run(async () =>
        {
            try { await SqliteUploadWriter.CheckpointAsync(dbFactory); }
            catch (Exception) { /* best effort: the next commit's automatic checkpoint copies the log instead */ }
        });

    /// <summary>
    /// Stores already-built valid records (the CDP connector's pages and webhook batches) as one batch, with the same
    /// dedup and aggregates as an upload. Returns (inserted, duplicates: repeated in the batch or already stored).
    /// </summary>
    public async Task<(int Inserted, int Duplicates)> StoreAsync(IReadOnlyList<JourneyRecord> records, string origin, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var importedAt = clock.GetUtcNow();
        var rows = records.Where(r => r.Journey is not null && seen.Add(r.DedupKey!))
            .Select(r => ConversionPathMapper.ToRow(r.Journey!, origin, importedAt, r.DedupKey)).ToList();
        int repeated = records.Count(r => r.Journey is not null) - rows.Count;
        if (rows.Count == 0) return (0, repeated);
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var (inserted, already) = await WriteBatchAsync(rows, ct);
            return (inserted, already + repeated);
        }
        finally { _oneAtATime.Release(); }
    }

    /// <summary>Stores the batch's journeys not stored yet, with their aggregates, in one transaction. Returns (inserted, already stored).</summary>
    private async Task<(int Inserted, int Duplicates)> WriteBatchAsync(List<ConversionPath> batch, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;   // only Adds and a few tracked updates: DetectChanges per Add would be quadratic
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();   // a retry starts from a clean unit of work
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            int inserted = db.Provider == DatabaseProvider.Sqlite
                ? SqliteBulkInserter.InsertNew(db, batch)
                : await InsertNewWithLookupAsync(db, batch, ct);
            await tx.CommitAsync(ct);
            return (inserted, batch.Count - inserted);
        });
    }

    /// <summary>
    /// PostgreSQL and SQL Server: look the batch's keys up, then bulk-insert the new rows (binary COPY, SqlBulkCopy), which
    /// cannot skip conflicts row by row; the existing aggregates that grow go through SaveChanges.
    /// </summary>
    private static async Task<int> InsertNewWithLookupAsync(MeiroDbContext db, List<ConversionPath> batch, CancellationToken ct)
    {
        var keys = batch.Select(b => b.ConversionId).ToList();
        // Inlined as an IN list of constants: the index on ConversionId answers it (a JSON-array parameter, EF's default,
        // made the database scan the table for every batch, quadratic in the stored journeys).
        var stored = (await db.ConversionPaths.Where(p => EF.Constant(keys).Contains(p.ConversionId)).Select(p => p.ConversionId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var rows = batch.Where(b => !stored.Contains(b.ConversionId)).ToList();
        var created = await PathAggregateUpdater.AddAsync(db, rows, ct, trackNew: false);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        await (db.Provider == DatabaseProvider.Postgres
            ? PostgresBulkInserter.InsertAsync(db, rows, created, ct)
            : SqlServerBulkInserter.InsertAsync(db, rows, created, ct));
        return rows.Count;
    }
}
