using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using MeiroMmm.Domain.Experiments;
using MeiroMmm.Infrastructure;
using MeiroMmm.Infrastructure.Experiments;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace MeiroMmm.Web.Cli;

/// <summary>
/// `bench experiment-results`: seconds for one experiment's results, daily series and nightly row with N assignments
/// (default 1,000,000), on a fresh SQLite file or, with --postgres, a fresh database on that server (dropped afterwards).
/// The rows are bulk-inserted (a prepared statement in one transaction on SQLite, binary COPY on PostgreSQL): about 70% of
/// treatment exposed, about 10–13% of profiles converting with one to three outcomes.
/// </summary>
public static class ExperimentResultsBench
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var options = new CliOptions(args);
        int n = options.Int("--assignments", 1_000_000, min: 100);
        int runs = options.Int("--runs", 3, min: 1);
        string? server = options.Text("--postgres");
        string? sqlitePath = null, pgDatabase = null;
        DatabaseSettings settings;
        if (server is null)
        {
            sqlitePath = Path.Combine(Path.GetTempPath(), $"meiro-bench-experiment-{Guid.NewGuid():N}.db");
            settings = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={sqlitePath}");
        }
        else
        {
            pgDatabase = $"meiro_bench_{Guid.NewGuid():N}";
            await ExecuteOnServerAsync(server, $"CREATE DATABASE \"{pgDatabase}\"", ct);
            settings = new DatabaseSettings(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(server) { Database = pgDatabase }.ConnectionString);
        }
        try
        {
            await using var services = new ServiceCollection().AddLogging().AddSingleton(settings).AddMeiroPersistence().BuildServiceProvider();
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var seedWatch = Stopwatch.StartNew();
            var (id, rows) = await SeedAsync(services.GetRequiredService<IDbContextFactory<MeiroDbContext>>(), settings, n, ct);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"bench experiment-results: {settings.Provider}, {n:N0} assignments, {rows.Exposures:N0} exposures, {rows.Outcomes:N0} outcomes bulk-inserted in {seedWatch.Elapsed.TotalSeconds:0.0} s; {Environment.ProcessorCount} cores, best of {runs}"));

            var results = services.GetRequiredService<ExperimentResultsService>();
            double bestResults = double.MaxValue, bestSeries = double.MaxValue, bestNightly = double.MaxValue;
            ExperimentResults? last = null;
            int points = 0;
            for (int r = 0; r < runs; r++)
            {
                var watch = Stopwatch.StartNew();
                last = await results.ResultsAsync(id, ct);
                bestResults = Math.Min(bestResults, watch.Elapsed.TotalSeconds);
                watch.Restart();
                points = (await results.TimeSeriesAsync(id, ct))!.Count;
                bestSeries = Math.Min(bestSeries, watch.Elapsed.TotalSeconds);
                watch.Restart();
                await results.SaveDailyAsync(id, ct);
                bestNightly = Math.Min(bestNightly, watch.Elapsed.TotalSeconds);
            }
            var itt = last!.IntentionToTreat!;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"results (GET /results)          {bestResults:0.000} s   n {itt.NTreatment:N0} / {itt.NControl:N0}, conversions {itt.ConversionsTreatment:N0} / {itt.ConversionsControl:N0}, p-value {itt.PValue:G3}"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"time series (GET /time-series) {bestSeries:0.000} s   {points} daily points"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"nightly row (results + series + alerts, stored) {bestNightly:0.000} s"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB"));
            return 0;
        }
        finally
        {
            if (sqlitePath is not null)
            {
                SqliteConnection.ClearAllPools();
                foreach (var f in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(sqlitePath) + "*")) File.Delete(f);
            }
            if (pgDatabase is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteOnServerAsync(server!, $"DROP DATABASE IF EXISTS \"{pgDatabase}\" WITH (FORCE)", CancellationToken.None);
            }
        }
    }

    private static async Task ExecuteOnServerAsync(string server, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private sealed record Seeded(long Exposures, long Outcomes);

    private sealed record Row(string Profile, ExperimentGroup Group, DateTimeOffset AssignedAt, bool Exposed, int Outcomes);

    /// <summary>A running experiment assigned over 14 days with <see cref="DeterministicAssigner"/> at 50%; a fixed seed.</summary>
    private static async Task<(int Id, Seeded Rows)> SeedAsync(IDbContextFactory<MeiroDbContext> dbFactory, DatabaseSettings settings, int n, CancellationToken ct)
    {
        var experiment = new Experiment
        {
            Key = "bench", Name = "Results benchmark", Channel = "email", TreatmentRate = 0.5, Salt = "bench-salt",
            Status = ExperimentStatus.Running, StartAt = Start, EndAt = Start.AddDays(28), CreatedAt = Start,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Experiments.Add(experiment);
            await db.SaveChangesAsync(ct);
        }
        var rng = new Random(1);
        var rows = new Row[n];
        for (int i = 0; i < n; i++)
        {
            string profile = $"profile-{i:D8}";
            var group = DeterministicAssigner.Assign(profile, experiment.Key, experiment.Salt, 0.5);
            bool exposed = group == ExperimentGroup.Treatment && rng.NextDouble() < 0.7;
            int outcomes = rng.NextDouble() < (group == ExperimentGroup.Treatment ? 0.13 : 0.10) ? 1 + rng.Next(3) : 0;
            rows[i] = new Row(profile, group, Start.AddSeconds(rng.Next(14 * 86400)), exposed, outcomes);
        }
        var seeded = settings.Provider == DatabaseProvider.Sqlite
            ? await SeedSqliteAsync(settings.ConnectionString, experiment.Id, rows, rng, ct)
            : await SeedPostgresAsync(settings.ConnectionString, experiment.Id, rows, rng, ct);
        return (experiment.Id, seeded);
    }

    private static async Task<Seeded> SeedSqliteAsync(string connectionString, int id, Row[] rows, Random rng, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var assign = Command(connection, tx, """INSERT INTO experiment_assignments ("ExperimentId","ProfileId","Group","AssignedAt") VALUES ($e,$p,$g,$t)""", "$e", "$p", "$g", "$t");
        var expose = Command(connection, tx, """INSERT INTO experiment_exposures ("ExperimentId","ProfileId","MessageId","ExposedAt") VALUES ($e,$p,$m,$t)""", "$e", "$p", "$m", "$t");
        var outcome = Command(connection, tx, """INSERT INTO experiment_outcomes ("ExperimentId","ProfileId","ConvertedAt","Value","DedupKey") VALUES ($e,$p,$t,$v,$k)""", "$e", "$p", "$t", "$v", "$k");
        long exposures = 0, outcomes = 0;
        foreach (var r in rows)
        {
            Set(assign, id, r.Profile, r.Group.ToString(), r.AssignedAt.UtcTicks);
            await assign.ExecuteNonQueryAsync(ct);
            if (r.Exposed)
            {
                Set(expose, id, r.Profile, $"m-{exposures++}", r.AssignedAt.AddHours(1).UtcTicks);
                await expose.ExecuteNonQueryAsync(ct);
            }
            for (int k = 0; k < r.Outcomes; k++)
            {
                Set(outcome, id, r.Profile, r.AssignedAt.AddHours(2 + rng.Next(400)).UtcTicks, Math.Round(rng.NextDouble() * 120, 2), $"c:{outcomes++}");
                await outcome.ExecuteNonQueryAsync(ct);
            }
        }
        await tx.CommitAsync(ct);
        return new Seeded(exposures, outcomes);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = new SqliteCommand(sql, connection, tx);
        foreach (string name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static void Set(DbCommand command, params object[] values)
    {
        for (int i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
    }

    private static async Task<Seeded> SeedPostgresAsync(string connectionString, int id, Row[] rows, Random rng, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using (var copy = await connection.BeginBinaryImportAsync("""COPY experiment_assignments ("ExperimentId","ProfileId","Group","AssignedAt") FROM STDIN (FORMAT BINARY)""", ct))
        {
            foreach (var r in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(id, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(r.Profile, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.Group.ToString(), NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.AssignedAt, NpgsqlDbType.TimestampTz, ct);
            }
            await copy.CompleteAsync(ct);
        }
        long exposures = 0, outcomes = 0;
        await using (var copy = await connection.BeginBinaryImportAsync("""COPY experiment_exposures ("ExperimentId","ProfileId","MessageId","ExposedAt") FROM STDIN (FORMAT BINARY)""", ct))
        {
            foreach (var r in rows.Where(r => r.Exposed))
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(id, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(r.Profile, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync($"m-{exposures++}", NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.AssignedAt.AddHours(1), NpgsqlDbType.TimestampTz, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await using (var copy = await connection.BeginBinaryImportAsync("""COPY experiment_outcomes ("ExperimentId","ProfileId","ConvertedAt","Value","DedupKey") FROM STDIN (FORMAT BINARY)""", ct))
        {
            foreach (var r in rows)
                for (int k = 0; k < r.Outcomes; k++)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(id, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(r.Profile, NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(r.AssignedAt.AddHours(2 + rng.Next(400)), NpgsqlDbType.TimestampTz, ct);
                    await copy.WriteAsync(Math.Round(rng.NextDouble() * 120, 2), NpgsqlDbType.Double, ct);
                    await copy.WriteAsync($"c:{outcomes++}", NpgsqlDbType.Varchar, ct);
                }
            await copy.CompleteAsync(ct);
        }
        await using (var analyze = new NpgsqlCommand("ANALYZE", connection)) await analyze.ExecuteNonQueryAsync(ct);
        return new Seeded(exposures, outcomes);
    }
}
