using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace MeiroMmm.Tests.ScaleOut;

/// <summary>
/// The qrtz_ tables come from our migration QuartzSchema, not from Quartz at run time: a freshly migrated PostgreSQL
/// database starts the clustered scheduler (which only validates the schema), and SQLite gets no qrtz_ tables.
/// </summary>
public sealed class QuartzSchemaTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] QuartzTables =
    [
        "qrtz_job_details", "qrtz_triggers", "qrtz_simple_triggers", "qrtz_cron_triggers", "qrtz_simprop_triggers",
        "qrtz_blob_triggers", "qrtz_calendars", "qrtz_paused_trigger_grps", "qrtz_paused_job_grps", "qrtz_fired_triggers",
        "qrtz_scheduler_state", "qrtz_locks", "qrtz_execution_history", "qrtz_misfire_history", "qrtz_job_status",
    ];

    [Fact]
    public async Task Postgres_MigrationCreatesEveryQuartzTable_AndTheClusteredSchedulerStartsOnIt()
    {
        var database = await TestDatabase.NewPostgresAsync();

        // Migrations alone, no app: the tables are ours, made before any scheduler ran.
        await using (var db = new MeiroDbContextFactory(database).CreateDbContext())
        {
            await db.Database.MigrateAsync(Ct);
            Assert.Contains(db.Database.GetAppliedMigrations(), m => m.EndsWith("_QuartzSchema"));
        }
        Assert.Equal(QuartzTables.Order(), (await QuartzTablesIn(database.ConnectionString)).Order());

        // Migrating again (as every instance does at start-up) changes nothing and fails nothing.
        await using (var db = new MeiroDbContextFactory(database).CreateDbContext()) await db.Database.MigrateAsync(Ct);

        await using var node = new ClusterNode("only", database.ConnectionString, seedDemo: false);
        node.StartServer();
        var scheduler = await node.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
        var deadline = DateTime.UtcNow.AddSeconds(60);   // the hosted service starts the scheduler once the app has started
        while (await scheduler.GetStatus(Ct) != SchedulerStatus.Running && DateTime.UtcNow < deadline) await Task.Delay(100, Ct);
        var meta = await scheduler.GetMetadata(Ct);
        Assert.Equal(SchedulerStatus.Running, meta.Status);
        Assert.True(meta.JobStoreClustered);
        Assert.True(meta.JobStorePersistent);

        // The scheduler really uses those tables: the test task's cron trigger and the instance's check-in are rows there.
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        Assert.True(await Count(connection, "SELECT count(*) FROM qrtz_cron_triggers WHERE trigger_name = 'scale-out-tick-trigger'") == 1);
        // Every job asks for recovery: a firing whose instance dies is run again by another one.
        Assert.True(await Count(connection, "SELECT count(*) FROM qrtz_job_details") > 0);
        Assert.Equal(0L, await Count(connection, "SELECT count(*) FROM qrtz_job_details WHERE NOT requests_recovery"));
        deadline = DateTime.UtcNow.AddSeconds(60);   // the first cluster check-in: a second after start, longer on a busy machine
        while (await Count(connection, "SELECT count(*) FROM qrtz_scheduler_state") == 0 && DateTime.UtcNow < deadline) await Task.Delay(200, Ct);
        Assert.Equal(1, await Count(connection, "SELECT count(*) FROM qrtz_scheduler_state"));
    }

    [Fact]
    public async Task Postgres_WithoutTheQuartzTables_TheSchedulerRefusesToStart()
    {
        // Quartz no longer creates its schema: a database that skipped our migration is reported at start-up, not later.
        var database = await TestDatabase.NewPostgresAsync();
        await using (var db = new MeiroDbContextFactory(database).CreateDbContext()) await db.Database.MigrateAsync(Ct);
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var drop = new NpgsqlCommand("DROP TABLE qrtz_locks", connection);
            await drop.ExecuteNonQueryAsync(Ct);
        }
        await using var node = new ClusterNode("only", database.ConnectionString, seedDemo: false);
        var error = Assert.ThrowsAny<Exception>(() => node.StartServer());
        Assert.Contains("locks", error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Sqlite_HasNoQuartzTables()
    {
        // One instance: Quartz keeps its RAM store, so the SQLite migrations carry no qrtz_ tables.
        await using var db = new MeiroDbContextFactory(TestDatabase.NewSqlite()).CreateDbContext();
        await db.Database.MigrateAsync(Ct);
        var tables = await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'").ToListAsync(Ct);
        Assert.Contains("experiments", tables);
        Assert.DoesNotContain(tables, t => t.StartsWith("qrtz_", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<List<string>> QuartzTablesIn(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'qrtz\\_%'", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var names = new List<string>();
        while (await reader.ReadAsync(Ct)) names.Add(reader.GetString(0));
        return names;
    }

    private static async Task<long> Count(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
