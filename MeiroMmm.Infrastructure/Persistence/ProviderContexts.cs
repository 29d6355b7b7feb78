using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Persistence;

/// <summary>SQLite, the embedded default. Migrations: Persistence/Migrations/Sqlite.</summary>
public sealed class SqliteMeiroDbContext(string connectionString) : MeiroDbContext(new DbContextOptions<SqliteMeiroDbContext>())
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseSqlite(connectionString).AddInterceptors(SqlitePragmas.Instance);

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // SQLite has no date-time-with-offset type, and EF cannot compare or order DateTimeOffset stored as text there.
        // Storing UTC ticks as an integer keeps ordering and range filters in SQL.
        configuration.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
    }
}

/// <summary>PostgreSQL through Npgsql. Migrations: Persistence/Migrations/Postgres.</summary>
public sealed class PostgresMeiroDbContext(string connectionString) : MeiroDbContext(new DbContextOptions<PostgresMeiroDbContext>())
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql(connectionString);
}

/// <summary>SQL Server. Migrations: Persistence/Migrations/SqlServer.</summary>
public sealed class SqlServerMeiroDbContext(string connectionString) : MeiroDbContext(new DbContextOptions<SqlServerMeiroDbContext>())
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    protected override void OnConfiguring(DbContextOptionsBuilder options) =>
        options.UseSqlServer(connectionString, o => o.EnableRetryOnFailure());
}
