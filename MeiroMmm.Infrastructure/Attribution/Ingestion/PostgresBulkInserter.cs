using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// Inserts new conversion paths and path aggregates on PostgreSQL with binary COPY
/// (<see cref="NpgsqlConnection.BeginBinaryImportAsync"/>), which runs inside the connection's open transaction, so the
/// caller's commit or rollback covers it. Types as the migrations declare them: timestamptz (UTC), date, boolean,
/// double precision, bigint, integer, text.
/// </summary>
internal static class PostgresBulkInserter
{
    public static async Task InsertAsync(MeiroDbContext db, IReadOnlyList<ConversionPath> paths, IReadOnlyList<PathAggregate> aggregates, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (paths.Count > 0)
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY \"conversion_paths\" (\"ConversionId\", \"ProfileId\", \"ConversionKey\", \"ConversionTs\", \"Converted\", \"ConversionValue\", \"PathJson\", " +
                "\"PathHash\", \"ChannelPath\", \"PathLength\", \"FirstTouchTs\", \"LastTouchTs\", \"JourneyDate\", \"Origin\", \"ImportedAt\") FROM STDIN (FORMAT BINARY)", ct);
            foreach (var p in paths)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(p.ConversionId, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(p.ProfileId, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(copy, p.ConversionKey, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(copy, p.ConversionTs?.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(p.Converted, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(p.ConversionValue, NpgsqlDbType.Double, ct);
                await copy.WriteAsync(p.PathJson, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.PathHash, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(p.ChannelPath, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.PathLength, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(copy, p.FirstTouchTs?.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await WriteNullableAsync(copy, p.LastTouchTs?.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(p.JourneyDate, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(p.Origin, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(p.ImportedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            }
            await copy.CompleteAsync(ct);
        }
        if (aggregates.Count > 0)
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY \"path_aggregates\" (\"Date\", \"PathHash\", \"ChannelPath\", \"PathLength\", \"Conversions\", \"NonConversions\", \"Value\", " +
                "\"TimeToConvertDaysSum\", \"TimeToConvertCount\") FROM STDIN (FORMAT BINARY)", ct);
            foreach (var a in aggregates)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(a.Date, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(a.PathHash, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(a.ChannelPath, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(a.PathLength, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(a.Conversions, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(a.NonConversions, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(a.Value, NpgsqlDbType.Double, ct);
                await copy.WriteAsync(a.TimeToConvertDaysSum, NpgsqlDbType.Double, ct);
                await copy.WriteAsync(a.TimeToConvertCount, NpgsqlDbType.Bigint, ct);
            }
            await copy.CompleteAsync(ct);
        }
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is { } v ? copy.WriteAsync(v, type, ct) : copy.WriteNullAsync(ct);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is not null ? copy.WriteAsync(value, type, ct) : copy.WriteNullAsync(ct);
}
