using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// Stores one upload's batches on SQLite over one connection with a 64 MB page cache (the unique index's pages stay in
/// memory instead of being read back through system calls for every row). Each batch is a transaction of its own until
/// the upload has stored <c>bulkAfter</c> journeys and at least half as many as were stored before it; the rest then goes
/// in as one bulk load: conversion_paths' indexes and path_aggregates' path-hash index dropped, rows appended (dedup
/// against the stored ids, held in memory as hashes), the new rows' aggregates upserted in key order, the indexes built
/// again by sorting the finished tables, one commit. Keeping B-trees on random keys up to date row by row costs more
/// than the rest of an upload; building them costs about 1–3 µs per row and index (docs/BENCHMARKS.md). Being one
/// transaction, a failure, a cancellation or a dead process rolls the bulk part back, indexes included; readers meanwhile
/// see the table as it was.
/// </summary>
internal sealed class SqliteUploadWriter : IAsyncDisposable
{
    // temp_store and threads: the index builds and sorts stay in memory and use both cores (the reader is done by then).
    // mmap_size: the index builds each read the whole table, through memory instead of a system call per page.
    // wal_autocheckpoint=0: the commit does not copy the log into the file; CheckpointAsync does that after the upload.
    private const string UploadPragmas = "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA threads=2; PRAGMA mmap_size=1073741824; PRAGMA wal_autocheckpoint=0;";
    private const string PoolPragmas = "PRAGMA cache_size=-2000; PRAGMA temp_store=DEFAULT; PRAGMA threads=0; PRAGMA mmap_size=0; PRAGMA wal_autocheckpoint=1000;";   // SQLite's defaults, for the next user

    private readonly MeiroDbContext _db;
    private readonly long _storedBefore;
    private readonly int _bulkAfter;
    private long _stored;
    private BulkLoad? _bulk;

    private SqliteUploadWriter(MeiroDbContext db, long storedBefore, int bulkAfter)
    {
        _db = db;
        _storedBefore = storedBefore;
        _bulkAfter = bulkAfter;
    }

    /// <summary>A writer on SQLite; null on the other databases.</summary>
    public static async Task<SqliteUploadWriter?> OpenAsync(IDbContextFactory<MeiroDbContext> dbFactory, int bulkAfter, CancellationToken ct)
    {
        var db = await dbFactory.CreateDbContextAsync(ct);
        if (db.Provider != DatabaseProvider.Sqlite)
        {
            await db.DisposeAsync();
            return null;
        }
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(UploadPragmas, ct);
        return new SqliteUploadWriter(db, await db.ConversionPaths.LongCountAsync(ct), bulkAfter);
    }

    /// <summary>Stores the rows not stored yet. Returns (inserted, already stored).</summary>
    public async Task<(int Inserted, int Duplicates)> WriteAsync(IReadOnlyList<ConversionPath> rows, CancellationToken ct)
    {
        if (_bulk is null && _stored >= _bulkAfter && _stored >= _storedBefore / 2) _bulk = await BulkLoad.BeginAsync(_db, ct);
        int inserted;
        if (_bulk is not null) inserted = _bulk.Append(rows);
        else
        {
            await using var transaction = await _db.Database.BeginTransactionAsync(ct);
            inserted = SqliteBulkInserter.InsertNew(_db, rows);
            await transaction.CommitAsync(ct);
        }
        _stored += inserted;
        return (inserted, rows.Count - inserted);
    }

    /// <summary>Commits the bulk load, if the upload came to one.</summary>
    public async Task FinishAsync(CancellationToken ct)
    {
        if (_bulk is not null) await _bulk.CommitAsync(ct);
    }

    /// <summary>
    /// Copies the write-ahead log into the database file (a passive checkpoint: readers and writers go on meanwhile).
    /// The upload's commit leaves it to this, run in the background once the upload has returned: its journeys are
    /// committed and visible from the log already, and copying a million of them (about 1 GB) takes seconds of disk time
    /// that nobody needs to wait for. Another connection's commit meanwhile skips its own automatic checkpoint.
    /// </summary>
    public static async Task CheckpointAsync(IDbContextFactory<MeiroDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE);");
    }

    public async ValueTask DisposeAsync()
    {
        if (_bulk is not null) await _bulk.DisposeAsync();   // rolls back unless committed
        try { await _db.Database.ExecuteSqlRawAsync(PoolPragmas); }
        finally
        {
            await _db.Database.CloseConnectionAsync();
            await _db.DisposeAsync();
        }
    }

    private sealed class BulkLoad(MeiroDbContext db, IDbContextTransaction transaction, DedupKeySet storedIds) : IAsyncDisposable
    {
        private readonly Dictionary<(DateOnly, string), PathAggregate> _aggregates = [];

        public static async Task<BulkLoad> BeginAsync(MeiroDbContext db, CancellationToken ct)
        {
            var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var ids = new DedupKeySet();
                await foreach (string id in db.ConversionPaths.Select(p => p.ConversionId).AsAsyncEnumerable().WithCancellation(ct)) ids.Add(id);
                foreach (var (drop, _) in Indexes(db)) await db.Database.ExecuteSqlRawAsync(drop, ct);
                return new BulkLoad(db, transaction, ids);
            }
            catch
            {
                await transaction.DisposeAsync();
                throw;
            }
        }

        public int Append(IReadOnlyList<ConversionPath> rows)
        {
            var fresh = rows.Where(r => !storedIds.Contains(r.ConversionId)).ToList();   // repeats within the upload never get here
            SqliteBulkInserter.InsertAll(db, fresh);
            PathAggregateUpdater.AddTo(_aggregates, fresh);
            return fresh.Count;
        }

        public async Task CommitAsync(CancellationToken ct)
        {
            // In key order, so the aggregate table's unique index grows page by page rather than at random.
            SqliteBulkInserter.UpsertAggregates(db, _aggregates.OrderBy(a => a.Key.Item1).ThenBy(a => a.Key.Item2, StringComparer.Ordinal).Select(a => a.Value));
            foreach (var (_, create) in Indexes(db)) await db.Database.ExecuteSqlRawAsync(create, ct);
            await transaction.CommitAsync(ct);
        }

        public ValueTask DisposeAsync() => transaction.DisposeAsync();

        /// <summary>
        /// The indexes the bulk load drops and builds again: all of conversion_paths', and path_aggregates' lookup by path
        /// hash (its unique key stays, the upsert needs it). As the EF model (and so the migrations) define them; names
        /// are never user input.
        /// </summary>
        private static IEnumerable<(string Drop, string Create)> Indexes(MeiroDbContext db) =>
            Indexes(db, typeof(ConversionPath), _ => true).Concat(Indexes(db, typeof(PathAggregate), index => !index.IsUnique));

        private static IEnumerable<(string Drop, string Create)> Indexes(MeiroDbContext db, Type entityType, Func<IIndex, bool> rebuilt)
        {
            var entity = db.Model.FindEntityType(entityType)!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            foreach (var index in entity.GetIndexes().Where(rebuilt))
            {
                string name = index.GetDatabaseName(table)!;
                string columns = string.Join(", ", index.Properties.Select(p => $"\"{p.GetColumnName(table)}\""));
                string where = index.GetFilter() is { } filter ? $" WHERE {filter}" : "";
                yield return ($"DROP INDEX \"{name}\"", $"CREATE {(index.IsUnique ? "UNIQUE " : "")}INDEX \"{name}\" ON \"{table.Name}\" ({columns}){where}");
            }
        }
    }
}
