using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// Writes conversion paths on SQLite through prepared statements on the connection's native handle, inside the caller's
/// transaction. ADO.NET costs about 15 µs per executed row here and EF Core's SaveChanges about 300 µs
/// (docs/BENCHMARKS.md); binding and stepping the statement directly costs about 1 µs. Values are written as EF writes
/// them on SQLite: DateTimeOffset as UTC ticks (<see cref="DateTimeOffsetToUtcTicksConverter"/>), DateOnly as yyyy-MM-dd
/// text, bool as 0/1.
/// </summary>
internal static class SqliteBulkInserter
{
    private const string PathColumns = "\"ConversionId\", \"ProfileId\", \"ConversionKey\", \"ConversionTs\", \"Converted\", \"ConversionValue\", " +
        "\"PathJson\", \"PathHash\", \"ChannelPath\", \"PathLength\", \"FirstTouchTs\", \"LastTouchTs\", \"JourneyDate\", \"Origin\", \"ImportedAt\"";
    private const string PathValues = "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

    /// <summary>Adds to an existing aggregate row instead of failing on its (Date, PathHash) key.</summary>
    private const string AddToExistingAggregate = "ON CONFLICT (\"Date\", \"PathHash\") DO UPDATE SET " +
        "\"Conversions\" = \"Conversions\" + excluded.\"Conversions\", \"NonConversions\" = \"NonConversions\" + excluded.\"NonConversions\", " +
        "\"Value\" = \"Value\" + excluded.\"Value\", \"TimeToConvertDaysSum\" = \"TimeToConvertDaysSum\" + excluded.\"TimeToConvertDaysSum\", " +
        "\"TimeToConvertCount\" = \"TimeToConvertCount\" + excluded.\"TimeToConvertCount\"";

    /// <summary>
    /// Inserts the paths not stored yet (the unique index on ConversionId does the dedup: <c>ON CONFLICT DO NOTHING</c>
    /// changes one row or none, no lookup query first) and adds them to their aggregates. Returns how many were new.
    /// </summary>
    public static int InsertNew(MeiroDbContext db, IReadOnlyList<ConversionPath> paths)
    {
        var inserted = new List<ConversionPath>(paths.Count);
        using (var insert = new PreparedStatement(Handle(db), $"INSERT INTO \"conversion_paths\" ({PathColumns}) VALUES {PathValues} ON CONFLICT (\"ConversionId\") DO NOTHING"))
        {
            foreach (var p in paths)
                if (insert.Run(p) == 1) inserted.Add(p);
        }
        UpsertAggregates(db, PathAggregateUpdater.Aggregate(inserted));
        return inserted.Count;
    }

    /// <summary>Adds each aggregate to its stored row, or stores it when there is none.</summary>
    public static void UpsertAggregates(MeiroDbContext db, IEnumerable<PathAggregate> aggregates)
    {
        using var upsert = new PreparedStatement(Handle(db),
            "INSERT INTO \"path_aggregates\" (\"Date\", \"PathHash\", \"ChannelPath\", \"PathLength\", \"Conversions\", \"NonConversions\", \"Value\", " +
            $"\"TimeToConvertDaysSum\", \"TimeToConvertCount\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) {AddToExistingAggregate}");
        foreach (var a in aggregates)
        {
            upsert.Text(1, Day(a.Date)).Text(2, a.PathHash).Text(3, a.ChannelPath).Integer(4, a.PathLength).Integer(5, a.Conversions)
                .Integer(6, a.NonConversions).Real(7, a.Value).Real(8, a.TimeToConvertDaysSum).Integer(9, a.TimeToConvertCount).Step();
        }
    }

    /// <summary>Inserts every path as it is (the caller has removed duplicates), for a load without the unique index.</summary>
    public static void InsertAll(MeiroDbContext db, IReadOnlyList<ConversionPath> paths)
    {
        using var insert = new PreparedStatement(Handle(db), $"INSERT INTO \"conversion_paths\" ({PathColumns}) VALUES {PathValues}");
        foreach (var p in paths) insert.Run(p);
    }

    private static sqlite3 Handle(MeiroDbContext db) =>
        ((SqliteConnection)db.Database.GetDbConnection()).Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// One prepared statement, bound by position and run once per row, then reset for the next. Text is bound as UTF-8
    /// from the statement's own pinned buffer with SQLITE_STATIC, so SQLite reads it in place when the row is stepped.
    /// SQLitePCL's string bind makes a new UTF-8 array for every value over 512 bytes (each path's JSON) and has SQLite
    /// copy it once more: binding a million rows of this shape took 1.6–1.75 s that way and 0.9 s this way (docs/BENCHMARKS.md).
    /// </summary>
    private sealed class PreparedStatement : IDisposable
    {
        private const int RowBufferBytes = 1 << 16;
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        private readonly byte[] _row = GC.AllocateUninitializedArray<byte>(RowBufferBytes, pinned: true);   // never moves: SQLite holds pointers into it until the step
        private int _used;

        public PreparedStatement(sqlite3 db, string sql)
        {
            _db = db;
            Check(raw.sqlite3_prepare_v2(db, sql, out _statement));
        }

        /// <summary>e_sqlite3's own bind (the library SQLitePCL loads), for the destructor argument SQLitePCL does not expose.</summary>
        [DllImport("e_sqlite3", EntryPoint = "sqlite3_bind_text")]
        private static extern int BindText(nint statement, int index, ref byte text, int length, nint destructor);

        private const nint SqliteStatic = 0;   // SQLITE_STATIC: the caller keeps the bytes valid, SQLite does not copy them

        /// <summary>Binds a conversion path to ?1…?15 and runs the insert. Returns the rows it changed (0 on a skipped conflict).</summary>
        public int Run(ConversionPath p)
        {
            Text(1, p.ConversionId).Text(2, p.ProfileId).Text(3, p.ConversionKey).Ticks(4, p.ConversionTs).Integer(5, p.Converted ? 1 : 0)
                .Real(6, p.ConversionValue).Json(7, p).Text(8, p.PathHash).Text(9, p.ChannelPath).Integer(10, p.PathLength)
                .Ticks(11, p.FirstTouchTs).Ticks(12, p.LastTouchTs).Text(13, Day(p.JourneyDate)).Text(14, p.Origin).Integer(15, p.ImportedAt.UtcTicks);
            return Step();
        }

        public PreparedStatement Text(int index, string? value)
        {
            if (value is null) Check(raw.sqlite3_bind_null(_statement, index));
            else if (Encoding.UTF8.GetMaxByteCount(value.Length) > RowBufferBytes - _used) Check(raw.sqlite3_bind_text(_statement, index, value));   // a rare long row: SQLite copies it
            else BindBuffered(index, Encoding.UTF8.GetBytes(value, _row.AsSpan(_used)));
            return this;
        }

        /// <summary>The path JSON from the upload's UTF-8 bytes when the row has them, else from the string.</summary>
        private PreparedStatement Json(int index, ConversionPath p)
        {
            if (p.PathJsonUtf8 is not { } utf8 || utf8.Length >= RowBufferBytes - _used) return Text(index, p.PathJson);
            utf8.CopyTo(_row.AsSpan(_used));   // into the pinned buffer: the array itself may move before the step
            BindBuffered(index, utf8.Length);
            return this;
        }

        /// <summary>Binds the <paramref name="length"/> bytes just written at the buffer's free end, and keeps them.</summary>
        private void BindBuffered(int index, int length)
        {
            Check(BindText(_statement.DangerousGetHandle(), index, ref _row[_used], length, SqliteStatic));
            _used += length;
        }

        public PreparedStatement Integer(int index, long value)
        {
            Check(raw.sqlite3_bind_int64(_statement, index, value));
            return this;
        }

        public PreparedStatement Real(int index, double value)
        {
            Check(raw.sqlite3_bind_double(_statement, index, value));
            return this;
        }

        private PreparedStatement Ticks(int index, DateTimeOffset? value)
        {
            Check(value is { } v ? raw.sqlite3_bind_int64(_statement, index, v.UtcTicks) : raw.sqlite3_bind_null(_statement, index));
            return this;
        }

        /// <summary>Runs the statement; returns the number of rows it changed.</summary>
        public int Step()
        {
            int rc = raw.sqlite3_step(_statement);
            raw.sqlite3_reset(_statement);
            _used = 0;   // the next row's values go over this one's
            if (rc != raw.SQLITE_DONE) throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
            return raw.sqlite3_changes(_db);
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
        }

        public void Dispose() => _statement.Dispose();
    }
}
