using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MeiroMmm.Infrastructure.Persistence;

/// <summary>
/// Per-connection SQLite settings, applied whenever EF opens a (pooled) connection. The file itself is switched to
/// write-ahead logging once, at migration (<see cref="DatabaseInitializer"/>): readers then never wait for a writer.
/// synchronous=NORMAL is the setting SQLite recommends with WAL: a commit is durable against a crash of the process,
/// and only the last commits before a power cut can be lost, never the file's consistency.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();
    private const string Sql = "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
