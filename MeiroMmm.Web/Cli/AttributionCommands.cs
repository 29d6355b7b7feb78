using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MeiroMmm.Domain.Attribution;
using MeiroMmm.Infrastructure;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Attribution.Ingestion;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Web.Cli;

/// <summary>`attribution run` and `bench attribution`: the attribution models on an aggregated-paths CSV, no database.</summary>
public static class AttributionCommands
{
    public static readonly string[] Models = ["first_touch", "last_touch", "linear", "time_decay", "position_based", "markov", "shapley"];
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var options = new CliOptions(args);
        string model = options.Required("--model");
        if (!Models.Contains(model)) throw new CliUsageException($"--model must be one of {string.Join(", ", Models)}, not '{model}'.");
        int order = options.Int("--order", 1, min: 1);
        if (order > MarkovRemovalModel.MaxOrder) throw new CliUsageException($"--order must be 1–{MarkovRemovalModel.MaxOrder}, not {order}.");
        double halfLife = options.Double("--half-life", 7, 1e-9, 1e6);
        double firstShare = options.Double("--first-share", 0.4, 0, 1), lastShare = options.Double("--last-share", 0.4, 0, 1);
        if (firstShare + lastShare > 1) throw new CliUsageException("--first-share plus --last-share must be at most 1.");
        string outPath = options.Required("--out");
        var paths = Load(options.Required("--paths"));
        ct.ThrowIfCancellationRequested();

        var result = model switch
        {
            "first_touch" => HeuristicModels.FirstTouch(paths),
            "last_touch" => HeuristicModels.LastTouch(paths),
            "linear" => HeuristicModels.Linear(paths),
            "time_decay" => HeuristicModels.TimeDecay(paths, halfLife),
            "position_based" => HeuristicModels.PositionBased(paths, firstShare, lastShare),
            "markov" => MarkovRemovalModel.Attribute(paths, order),
            _ => ShapleyModel.SetGame(paths),
        };
        var json = new Dictionary<string, object?>
        {
            ["model"] = model,
            ["total_conversions"] = result.TotalConversions,
            ["total_value"] = result.TotalValue,
            ["channels"] = result.Channels.Select(c => new Dictionary<string, object> { ["channel"] = c.Channel, ["conversions"] = c.Conversions, ["value"] = c.Value, ["share"] = c.Share }),
            ["removal_effects"] = result.RemovalEffects,
        };
        if (model == "markov") json["order"] = order;
        await MmmCommands.WriteAtomicallyAsync(outPath, stream => JsonSerializer.SerializeAsync(stream, json, Json, ct));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{model}: {paths.Count} paths, {result.Channels.Count} channels, {result.TotalConversions} conversions → {outPath}"));
        return 0;
    }

    /// <summary>Times the issue's three figures: all heuristics together, Markov order 1, Markov order 3 (CSV reading excluded).</summary>
    public static async Task<int> BenchAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var options = new CliOptions(args);
        string file = options.Text("--paths") ?? Path.Combine(FindRepositoryRoot(), "MeiroMmm.Tests", "Reference", "attribution", "path_data.csv");
        int runs = options.Int("--runs", 3, min: 1);
        var paths = Load(file);
        await output.WriteLineAsync($"bench attribution: {file} ({paths.Count} paths), {Environment.ProcessorCount} cores, best of {runs}");
        (string Name, Action Run)[] cases =
        [
            // A fresh list each run, so the channel encoding the heuristics share is paid in every timed run.
            ("heuristics (5)", () => { var fresh = paths.ToList(); HeuristicModels.FirstTouch(fresh); HeuristicModels.LastTouch(fresh); HeuristicModels.Linear(fresh); HeuristicModels.TimeDecay(fresh); HeuristicModels.PositionBased(fresh); }),
            ("markov order 1", () => MarkovRemovalModel.Attribute(paths, 1)),
            ("markov order 3", () => MarkovRemovalModel.Attribute(paths, 3)),
        ];
        foreach (var (name, run) in cases)
        {
            double best = double.MaxValue;
            for (int r = 0; r < runs; r++)
            {
                ct.ThrowIfCancellationRequested();
                var watch = Stopwatch.StartNew();
                run();
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
            }
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name,-16} {best,8:0.0000} s"));
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB"));
        return 0;
    }

    /// <summary>
    /// `bench ingest`: journeys/s for reading + validating a JSON/JSONL/CSV file from memory (the taxonomy maps
    /// source/medium, dedup keys are hashed), best of --runs; then, unless --no-sqlite, the whole upload into a fresh
    /// SQLite file (conversion paths + path aggregates, batches in transactions), and with --postgres into a fresh database
    /// on that PostgreSQL server (binary COPY).
    /// </summary>
    public static async Task<int> BenchIngestAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var options = new CliOptions(args, "--no-sqlite");
        string file = options.Required("--journeys");
        if (!File.Exists(file)) throw new CliValueException($"--journeys: file '{file}' does not exist.");
        int runs = options.Int("--runs", 3, min: 1);
        var format = JourneyFileFormats.FromName(file);
        byte[] bytes = await File.ReadAllBytesAsync(file, ct);
        var mapper = new Domain.Taxonomy.ChannelMapper(new Domain.Taxonomy.ChannelTaxonomy(Domain.Taxonomy.DefaultTaxonomy.Rules,
            Domain.Taxonomy.DefaultTaxonomy.SourceAliases, Domain.Taxonomy.DefaultTaxonomy.MediumAliases));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"bench ingest: {file} ({bytes.Length / 1048576.0:0.0} MB, {format}), {Environment.ProcessorCount} cores, best of {runs}"));
        double best = double.MaxValue;
        int records = 0, rejected = 0;
        for (int r = 0; r < runs; r++)
        {
            var builder = new JourneyRecordBuilder(mapper);
            var watch = Stopwatch.StartNew();
            records = rejected = 0;
            await foreach (var record in JourneyIngestion.Read(new MemoryStream(bytes, writable: false), format, builder, ct))
            {
                records++;
                if (record.Reject is not null) rejected++;
            }
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"parse + validate (in memory)  {records:N0} records ({rejected:N0} rejected) in {best:0.000} s = {records / best:N0} journeys/s"));
        if (!options.Flag("--no-sqlite"))
        {
            string db = Path.Combine(Path.GetTempPath(), $"meiro-bench-ingest-{Guid.NewGuid():N}.db");
            try
            {
                await UploadTwiceAsync(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={db}"), "SQLite", file, format, output, ct);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"SQLite database {new FileInfo(db).Length / 1048576.0:0} MB"));
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var f in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(db) + "*")) File.Delete(f);
            }
        }
        if (options.Text("--postgres") is { } server)
        {
            // A fresh database on the given server, dropped afterwards: the figure is a first upload into empty tables.
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(server);
            string name = $"meiro_bench_ingest_{Guid.NewGuid():N}";
            await ExecutePostgresAsync(builder.ConnectionString, $"CREATE DATABASE \"{name}\"", ct);
            try
            {
                builder.Database = name;
                await UploadTwiceAsync(new DatabaseSettings(DatabaseProvider.Postgres, builder.ConnectionString), "PostgreSQL", file, format, output, ct);
            }
            finally
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await ExecutePostgresAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
            }
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB"));
        return 0;
    }

    /// <summary>Migrates the database, adds the default taxonomy, uploads the file end to end, then once more (every journey a duplicate).</summary>
    private static async Task UploadTwiceAsync(DatabaseSettings settings, string label, string file, JourneyFileFormat format, TextWriter output, CancellationToken ct)
    {
        await using var services = new ServiceCollection().AddLogging().AddSingleton(settings).AddMeiroPersistence().BuildServiceProvider();
        await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
        await using (var context = await services.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(ct))
        {
            context.ChannelRules.AddRange(Domain.Taxonomy.DefaultTaxonomy.Rules);
            await context.SaveChangesAsync(ct);
        }
        var ingestion = services.GetRequiredService<JourneyIngestion>();
        long allocatedBefore = GC.GetTotalAllocatedBytes();
        var pausedBefore = GC.GetTotalPauseDuration();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await using (var stream = File.OpenRead(file))
        {
            var summary = await ingestion.IngestAsync(stream, format, "bench", 10, null, ct);
            double seconds = watch.Elapsed.TotalSeconds;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"end to end into {label}  {summary.Accepted:N0} stored, {summary.Rejected:N0} rejected, {summary.Duplicates:N0} duplicates in {seconds:0.00} s = {summary.Records / seconds:N0} journeys/s"));
            await ingestion.CheckpointDone;   // SQLite: the log copied into the file after the upload returned
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  and its background checkpoint done at {watch.Elapsed.TotalSeconds:0.00} s; the upload allocated {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1e9:0.0} GB, garbage collections paused it for {(GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds:0.00} s, CPU time {(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds:0.0} s"));
        }
        var again = Stopwatch.StartNew();
        await using var second = File.OpenRead(file);
        var repeat = await ingestion.IngestAsync(second, format, "bench", 10, null, ct);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"same file again into {label} (all duplicates) {repeat.Accepted:N0} stored, {repeat.Duplicates:N0} duplicates in {again.Elapsed.TotalSeconds:0.00} s"));
    }

    private static async Task ExecutePostgresAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static IReadOnlyList<AggregatedPath> Load(string file)
    {
        if (!File.Exists(file)) throw new CliValueException($"--paths: file '{file}' does not exist.");
        using var reader = new StreamReader(file);
        try { return AggregatedPathCsvReader.Read(reader); }
        catch (AggregatedPathCsvException e) { throw new CliValueException($"{file}: {e.Message}"); }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "MeiroMmm.Tests", "Reference", "attribution"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
