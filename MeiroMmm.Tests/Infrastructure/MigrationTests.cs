using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace MeiroMmm.Tests.Infrastructure;

public sealed class MigrationTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres, DatabaseProvider.SqlServer];

    private static MeiroDbContext Context(DatabaseProvider provider) => new MeiroDbContextFactory(provider switch
    {
        DatabaseProvider.Sqlite => new DatabaseSettings(provider, "Data Source=unused.db"),
        DatabaseProvider.Postgres => new DatabaseSettings(provider, "Host=localhost;Database=unused"),
        _ => new DatabaseSettings(provider, "Server=localhost;Database=unused;TrustServerCertificate=True"),
    }).CreateDbContext();

    [Theory]
    [MemberData(nameof(Providers))]
    public void EachProvider_GeneratesTheMigrationScript_ForEveryTable(DatabaseProvider provider)
    {
        using var db = Context(provider);
        var migrator = db.GetService<IMigrator>();
        string script = migrator.GenerateScript();
        Assert.NotEmpty(db.Database.GetMigrations());
        foreach (var table in new[] { "users", "api_keys", "mmm_datasets", "conversion_paths", "channel_rules", "experiments", "experiment_assignments", "alert_events" })
            Assert.Contains(table, script);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void EachProvider_MigrationsMatchTheModel(DatabaseProvider provider)
    {
        // Fails when the model changed without `dotnet ef migrations add` for this provider.
        using var db = Context(provider);
        Assert.False(db.Database.HasPendingModelChanges(), $"{provider}: the model has changes that no migration covers.");
    }

    [Fact]
    public async Task Sqlite_NewFileGets16KbPages_AnExistingFileKeepsItsOwn()
    {
        var ct = TestContext.Current.CancellationToken;
        var fresh = TestDatabase.NewSqlite();
        await new DatabaseInitializer(new MeiroDbContextFactory(fresh)).MigrateAsync(ct);
        Assert.Equal((16384L, "wal"), Pragmas(fresh));

        var existing = TestDatabase.NewSqlite();   // a file made before the page size was set: 4 KB, a table already in it
        using (var connection = new SqliteConnection(existing.ConnectionString))
        {
            connection.Open();
            using var command = new SqliteCommand("CREATE TABLE made_earlier (id INTEGER)", connection);
            command.ExecuteNonQuery();
        }
        await new DatabaseInitializer(new MeiroDbContextFactory(existing)).MigrateAsync(ct);
        Assert.Equal((4096L, "wal"), Pragmas(existing));
        SqliteConnection.ClearAllPools();

        static (long PageSize, string JournalMode) Pragmas(DatabaseSettings settings)
        {
            using var connection = new SqliteConnection(settings.ConnectionString);
            connection.Open();
            using var pageSize = new SqliteCommand("PRAGMA page_size", connection);
            using var journal = new SqliteCommand("PRAGMA journal_mode", connection);
            return ((long)pageSize.ExecuteScalar()!, (string)journal.ExecuteScalar()!);
        }
    }
}
