using MeiroMmm.Infrastructure.Persistence;
using Npgsql;

namespace MeiroMmm.Tests.Support;

/// <summary>Real databases for tests: a fresh SQLite file, or a fresh database on the throwaway PostgreSQL that test.sh starts.</summary>
public static class TestDatabase
{
    public const string PostgresVariable = "MEIRO_TEST_POSTGRES";

    public static string NewSqlitePath()
    {
        string folder = Path.Combine(Path.GetTempPath(), "meiro-tests");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{Guid.NewGuid():N}.db");
    }

    public static DatabaseSettings NewSqlite() => new(DatabaseProvider.Sqlite, $"Data Source={NewSqlitePath()}");

    /// <summary>
    /// The server connection string from MEIRO_TEST_POSTGRES. test.sh always sets it; running these tests without it is
    /// a setup error, reported as a failure rather than silently skipped.
    /// </summary>
    public static string PostgresServer() =>
        Environment.GetEnvironmentVariable(PostgresVariable)
        ?? throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL.");

    public static async Task<DatabaseSettings> NewPostgresAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(PostgresServer());
        string name = $"meiro_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        server.Database = name;
        return new DatabaseSettings(DatabaseProvider.Postgres, server.ConnectionString);
    }
}
