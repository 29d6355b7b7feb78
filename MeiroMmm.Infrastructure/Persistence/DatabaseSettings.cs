using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace MeiroMmm.Infrastructure.Persistence;

/// <summary>
/// Database:Provider and ConnectionStrings:Meiro, validated at start-up so a wrong value stops the app with one line
/// naming the setting.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string ProviderKey = "Database:Provider";
    public const string ConnectionStringKey = "ConnectionStrings:Meiro";
    public const string SqlitePathKey = "Database:SqlitePath";
    public const string DefaultSqlitePath = "data/meiro-mmm.db";

    public static DatabaseSettings FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        string providerText = configuration[ProviderKey] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider) || int.TryParse(providerText, out _))
            throw new StartupConfigurationException($"{ProviderKey} '{providerText}' is not supported: use Sqlite, Postgres or SqlServer.");

        string? connectionString = configuration[ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider != DatabaseProvider.Sqlite)
                throw new StartupConfigurationException($"{ConnectionStringKey} is required when {ProviderKey} is {provider}.");
            string path = configuration[SqlitePathKey] ?? DefaultSqlitePath;
            connectionString = $"Data Source={(Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path))}";
        }
        ValidateSyntax(provider, connectionString);
        return new DatabaseSettings(provider, connectionString);
    }

    /// <summary>The server, file or host a connection string points at, without credentials, for messages and health.</summary>
    public string Target() => Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteConnectionStringBuilder(ConnectionString).DataSource,
        DatabaseProvider.Postgres => $"{new NpgsqlConnectionStringBuilder(ConnectionString).Host}:{new NpgsqlConnectionStringBuilder(ConnectionString).Port}",
        _ => new SqlConnectionStringBuilder(ConnectionString).DataSource,
    };

    private static void ValidateSyntax(DatabaseProvider provider, string connectionString)
    {
        try
        {
            DbConnectionStringBuilder builder = provider switch
            {
                DatabaseProvider.Sqlite => new SqliteConnectionStringBuilder(connectionString),
                DatabaseProvider.Postgres => new NpgsqlConnectionStringBuilder(connectionString),
                _ => new SqlConnectionStringBuilder(connectionString),
            };
            if (provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(((NpgsqlConnectionStringBuilder)builder).Host))
                throw new ArgumentException("it names no Host");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new StartupConfigurationException($"{ConnectionStringKey} is not a valid {provider} connection string: {e.Message}", e);
        }
    }
}
