using System.Data.Common;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// Inserts new conversion paths and path aggregates on SQLite with one prepared statement per table, reused for every
/// row, inside the caller's transaction. EF Core's SaveChanges costs about 0.3 ms per row here (docs/BENCHMARKS.md),
/// which caps uploads near 2,000 journeys/s. Values are written as EF writes them on SQLite: DateTimeOffset as UTC ticks
/// (<see cref="DateTimeOffsetToUtcTicksConverter"/>), DateOnly as yyyy-MM-dd text, bool as 0/1.
/// </summary>
internal static class SqliteBulkInserter
{
    public static async Task InsertAsync(MeiroDbContext db, IReadOnlyList<ConversionPath> paths, IReadOnlyList<PathAggregate> aggregates, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await InsertRowsAsync(connection, transaction, "conversion_paths",
            ["ConversionId", "ProfileId", "ConversionKey", "ConversionTs", "Converted", "ConversionValue", "PathJson", "PathHash",
             "ChannelPath", "PathLength", "FirstTouchTs", "LastTouchTs", "JourneyDate", "Origin", "ImportedAt"],
            paths, p => [p.ConversionId, p.ProfileId, p.ConversionKey, Ticks(p.ConversionTs), p.Converted, p.ConversionValue, p.PathJson, p.PathHash,
                p.ChannelPath, p.PathLength, Ticks(p.FirstTouchTs), Ticks(p.LastTouchTs), p.JourneyDate, p.Origin, p.ImportedAt.UtcTicks], ct);
        await InsertRowsAsync(connection, transaction, "path_aggregates",
            ["Date", "PathHash", "ChannelPath", "PathLength", "Conversions", "NonConversions", "Value", "TimeToConvertDaysSum", "TimeToConvertCount"],
            aggregates, a => [a.Date, a.PathHash, a.ChannelPath, a.PathLength, a.Conversions, a.NonConversions, a.Value, a.TimeToConvertDaysSum, a.TimeToConvertCount], ct);
    }

    private static async Task InsertRowsAsync<T>(DbConnection connection, DbTransaction? transaction, string table, string[] columns,
        IReadOnlyList<T> rows, Func<T, object?[]> values, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        var parameters = columns.Select((_, i) =>
        {
            var p = command.CreateParameter();
            p.ParameterName = $"@p{i}";
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        await command.PrepareAsync(ct);
        foreach (var row in rows)
        {
            var v = values(row);
            for (int i = 0; i < v.Length; i++) parameters[i].Value = v[i] ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static object? Ticks(DateTimeOffset? value) => value?.UtcTicks;
}
