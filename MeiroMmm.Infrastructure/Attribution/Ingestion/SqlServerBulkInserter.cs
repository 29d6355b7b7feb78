using System.Data;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// Inserts new conversion paths and path aggregates on SQL Server with <see cref="SqlBulkCopy"/> inside the caller's
/// transaction (the bulk copy is handed the <see cref="SqlTransaction"/>, so the caller's commit or rollback covers it).
/// One batch is at most <see cref="JourneyIngestion.BatchSize"/> rows, so a <see cref="DataTable"/> per table is small.
/// DateOnly goes in as a DateTime at midnight (the column is <c>date</c>).
/// Review note: no SQL Server runs in this project's test environment, so this path has never executed here. It is
/// reached from <see cref="JourneyIngestion"/> whenever the provider is SQL Server (not dead code), and
/// <c>SqlServerBulkInserterTests</c> checks without a server that the tables built here name exactly the SQL Server
/// model's columns (identity Id left out) with matching nullability — the usual way a bulk copy breaks. What only a
/// real server can show (type coercion of <c>datetimeoffset</c>, the unique index firing inside the copy, lock
/// escalation on large batches) is untested; check it on the first SQL Server deployment with a re-upload.
/// </summary>
internal static class SqlServerBulkInserter
{
    public static async Task InsertAsync(MeiroDbContext db, IReadOnlyList<ConversionPath> paths, IReadOnlyList<PathAggregate> aggregates, CancellationToken ct)
    {
        var connection = (SqlConnection)db.Database.GetDbConnection();
        var transaction = (SqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        if (paths.Count > 0) await CopyAsync(connection, transaction, "conversion_paths", PathTable(paths), ct);
        if (aggregates.Count > 0) await CopyAsync(connection, transaction, "path_aggregates", AggregateTable(aggregates), ct);
    }

    /// <summary>The rows for conversion_paths, one column per mapped property except the identity Id.</summary>
    internal static DataTable PathTable(IEnumerable<ConversionPath> paths)
    {
        var table = NewTable(("ConversionId", typeof(string)), ("ProfileId", typeof(string)), ("ConversionKey", typeof(string)),
            ("ConversionTs", typeof(DateTimeOffset)), ("Converted", typeof(bool)), ("ConversionValue", typeof(double)), ("PathJson", typeof(string)),
            ("PathHash", typeof(string)), ("ChannelPath", typeof(string)), ("PathLength", typeof(int)), ("FirstTouchTs", typeof(DateTimeOffset)),
            ("LastTouchTs", typeof(DateTimeOffset)), ("JourneyDate", typeof(DateTime)), ("Origin", typeof(string)), ("ImportedAt", typeof(DateTimeOffset)));
        foreach (var p in paths)
            table.Rows.Add(p.ConversionId, p.ProfileId, Db(p.ConversionKey), Db(p.ConversionTs), p.Converted, p.ConversionValue, p.PathJson,
                p.PathHash, p.ChannelPath, p.PathLength, Db(p.FirstTouchTs), Db(p.LastTouchTs), p.JourneyDate.ToDateTime(TimeOnly.MinValue), p.Origin, p.ImportedAt);
        return table;
    }

    /// <summary>The rows for path_aggregates, one column per mapped property except the identity Id.</summary>
    internal static DataTable AggregateTable(IEnumerable<PathAggregate> aggregates)
    {
        var table = NewTable(("Date", typeof(DateTime)), ("PathHash", typeof(string)), ("ChannelPath", typeof(string)), ("PathLength", typeof(int)),
            ("Conversions", typeof(long)), ("NonConversions", typeof(long)), ("Value", typeof(double)), ("TimeToConvertDaysSum", typeof(double)),
            ("TimeToConvertCount", typeof(long)));
        foreach (var a in aggregates)
            table.Rows.Add(a.Date.ToDateTime(TimeOnly.MinValue), a.PathHash, a.ChannelPath, a.PathLength, a.Conversions, a.NonConversions, a.Value,
                a.TimeToConvertDaysSum, a.TimeToConvertCount);
        return table;
    }

    private static DataTable NewTable(params (string Name, Type Type)[] columns)
    {
        var table = new DataTable();
        foreach (var (name, type) in columns) table.Columns.Add(name, type);
        return table;
    }

    private static async Task CopyAsync(SqlConnection connection, SqlTransaction? transaction, string destination, DataTable table, CancellationToken ct)
    {
        // CheckConstraints: the unique index on ConversionId still guards against a duplicate that slipped past the lookup.
        using var copy = new SqlBulkCopy(connection, SqlBulkCopyOptions.CheckConstraints, transaction)
        {
            DestinationTableName = $"[{destination}]", BatchSize = 0, BulkCopyTimeout = 0,
        };
        foreach (DataColumn column in table.Columns) copy.ColumnMappings.Add(column.ColumnName, column.ColumnName);   // by name: the identity Id is skipped
        await copy.WriteToServerAsync(table, ct);
    }

    private static object Db(object? value) => value ?? DBNull.Value;
}
