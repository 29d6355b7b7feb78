using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using MeiroMmm.Infrastructure.Experiments;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Web.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Web.Cli;

/// <summary>
/// `bench load`: the real web app on a fresh SQLite file, or a fresh PostgreSQL database with --postgres (seeded demo), on a loopback port, in this process, driven over
/// HTTP. Phase 1: --clients concurrent clients loop over the read endpoints (experiment results, models, experiments)
/// for --seconds. Phase 2: --batches batches of 10,000 exposures, each posted by --ingest-clients clients at the same
/// time; the stored rows are then counted, so a lost or duplicated record shows. Client and server share the machine's
/// cores, as on a one-box deployment. Run with -c Release. Long because it is one scenario told top to bottom.
/// </summary>
public static class LoadBench
{
    private const int BatchSize = 10_000;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var options = new CliOptions(args);
        int seconds = options.Int("--seconds", 15, min: 1);
        int clients = options.Int("--clients", 16, min: 1);
        int batches = options.Int("--batches", 3, min: 1);
        int ingestClients = options.Int("--ingest-clients", 4, min: 1);
        int modelRuns = options.Int("--runs", 20, min: 0);

        // --postgres "Host=…;Username=…" runs the same on a fresh database of that server (dropped afterwards).
        string? postgresServer = options.Text("--postgres");
        string? postgresDatabase = postgresServer is null ? null : $"meiro_bench_{Guid.NewGuid():N}";
        string folder = Path.Combine(Path.GetTempPath(), $"meiro-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        string[] database = postgresServer is null
            ? ["--Database:Provider=Sqlite", $"--Database:SqlitePath={Path.Combine(folder, "bench.db")}", $"--DataProtection:KeysPath={Path.Combine(folder, "keys")}"]
            : ["--Database:Provider=Postgres", $"--ConnectionStrings:Meiro={await CreatePostgresDatabaseAsync(postgresServer, postgresDatabase!, ct)}"];
        var app = MeiroWebApp.Build([
            "--Urls=http://127.0.0.1:0", .. database, $"--Auth:InitialAdminPassword={Guid.NewGuid():N}",
            "--Scheduling:Enabled=false", "--Demo:Seed=true", "--Demo:FitModel=false", "--Logging:LogLevel:Default=Warning",
            "--Mmm:FitConcurrency=0",
        ]);
        await app.StartAsync(ct);
        try
        {
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var (key, _) = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync("bench load", Roles.Analyst, "bench", ct);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients + ingestClients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            {
                BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2),
            };
            http.DefaultRequestHeaders.Add("X-Api-Key", key!.Secret);
            var dbFactory = app.Services.GetRequiredService<IDbContextFactory<MeiroDbContext>>();
            int experimentId;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                experimentId = await db.Experiments.Where(e => e.Status != ExperimentStatus.Archived).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync(ct);   // the seeded demo experiment
            // GET /api/models lists real rows: --runs fits of the demo dataset, queued (this instance fits nothing, so they stay queued).
            var demo = (await app.Services.GetRequiredService<DatasetStore>().ListAsync(ct)).First(d => d.Origin == "demo");
            for (int r = 0; r < modelRuns; r++)
                await app.Services.GetRequiredService<ModelFitRunner>().StartAsync(new ModelRunSettings(demo.Id, demo.Kpis[0], demo.Channels, demo.Controls, Seed: (ulong)r + 1), ct);

            await output.WriteLineAsync($"bench load: app on {address}, {(postgresServer is null ? "SQLite" : "PostgreSQL")}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
            var allReads = new Dictionary<string, string>
            {
                ["results"] = $"/api/experiments/{experimentId}/results", ["models"] = "/api/models", ["experiments"] = "/api/experiments",
            };
            var chosen = options.List("--reads");
            string[] reads = chosen.Count == 0 ? [.. allReads.Values]
                : [.. chosen.Select(r => allReads.TryGetValue(r, out var p) ? p : throw new CliUsageException($"--reads takes results, models and experiments, not '{r}'."))];
            foreach (var path in reads) (await http.GetAsync(path, ct)).EnsureSuccessStatusCode();   // warm-up: JIT, pools, caches of the query plans

            await output.WriteLineAsync($"reads: {clients} clients, {seconds} s, round-robin over {string.Join(", ", reads)} ({modelRuns} model runs listed)");
            await output.WriteLineAsync("endpoint                                   requests   req_per_s   p50_ms   p95_ms   p99_ms   errors");
            var samples = reads.ToDictionary(p => p, _ => new List<double>());
            int errors = 0;
            var clock = Stopwatch.StartNew();
            var deadline = TimeSpan.FromSeconds(seconds);
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var mine = reads.ToDictionary(p => p, _ => new List<double>());
                int myErrors = 0;
                for (int i = c; clock.Elapsed < deadline; i++)
                {
                    string path = reads[i % reads.Length];
                    long start = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, ct);
                        if (!response.IsSuccessStatusCode) myErrors++;
                    }
                    catch (HttpRequestException) { myErrors++; }
                    mine[path].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                lock (samples)
                {
                    foreach (var (p, list) in mine) samples[p].AddRange(list);
                    errors += myErrors;
                }
            }, ct)));
            double elapsed = clock.Elapsed.TotalSeconds;
            foreach (var (path, list) in samples) await output.WriteLineAsync(Row(path, list, elapsed, null));
            await output.WriteLineAsync(Row("all reads", [.. samples.Values.SelectMany(l => l)], elapsed, errors));

            // Ingestion: the same batch from several clients at once must be stored exactly once.
            await output.WriteLineAsync($"ingestion: {batches} batches × {BatchSize:N0} exposures, each posted by {ingestClients} clients at once");
            var latencies = new List<double>();
            int ingestErrors = 0, retries = 0;
            string run = Guid.NewGuid().ToString("N")[..8];
            clock.Restart();
            for (int b = 0; b < batches; b++)
            {
                var batch = new
                {
                    exposures = Enumerable.Range(0, BatchSize).Select(i => new
                    {
                        profile_id = $"bench-{run}-p{(b * BatchSize + i) % 50_000}", message_id = $"bench-{run}-b{b}-m{i}", exposed_at = DateTimeOffset.UtcNow,
                    }).ToArray(),
                };
                var results = await Task.WhenAll(Enumerable.Range(0, ingestClients).Select(_ => Task.Run(async () =>
                {
                    long start = Stopwatch.GetTimestamp();
                    try
                    {
                        // 409 "a concurrent request stored some of these rows first; nothing was stored, post the batch
                        // again" is the API's answer to a race on PostgreSQL: a client does what it says (counted as a retry).
                        for (int attempt = 1; ; attempt++)
                        {
                            using var response = await http.PostAsJsonAsync($"/api/experiments/{experimentId}/exposures", batch, ct);
                            if (response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 5) { Interlocked.Increment(ref retries); continue; }
                            return (Stopwatch.GetElapsedTime(start).TotalMilliseconds, response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                        }
                    }
                    catch (HttpRequestException e) { return (Stopwatch.GetElapsedTime(start).TotalMilliseconds, e.Message); }
                }, ct)));
                latencies.AddRange(results.Select(r => r.Item1));
                foreach (var failure in results.Select(r => r.Item2).OfType<string>())
                {
                    ingestErrors++;
                    await output.WriteLineAsync("  error: " + (failure.Length > 300 ? failure[..300] : failure));
                }
            }
            double ingestSeconds = clock.Elapsed.TotalSeconds;
            int stored, distinct;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var mine = db.ExperimentExposures.Where(x => x.ExperimentId == experimentId && x.MessageId.StartsWith($"bench-{run}-"));
                stored = await mine.CountAsync(ct);
                distinct = await mine.Select(x => x.MessageId).Distinct().CountAsync(ct);
            }
            int expected = batches * BatchSize;
            await output.WriteLineAsync(Row("POST exposures (10,000 each)", latencies, ingestSeconds, ingestErrors));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"stored {stored:N0} of {expected:N0} distinct exposures ({expected * ingestClients:N0} posted, {retries} posts retried after 409): lost {expected - distinct}, duplicated {stored - distinct}; {expected / ingestSeconds:N0} distinct records/s"));
            return errors == 0 && ingestErrors == 0 && stored == expected && distinct == expected ? 0 : 1;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            if (postgresServer is not null) await DropPostgresDatabaseAsync(postgresServer, postgresDatabase!);
        }
    }

    private static async Task<string> CreatePostgresDatabaseAsync(string server, string name, CancellationToken ct)
    {
        await using (var connection = new Npgsql.NpgsqlConnection(server))
        {
            await connection.OpenAsync(ct);
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task DropPostgresDatabaseAsync(string server, string name)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var connection = new Npgsql.NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string Row(string name, List<double> ms, double seconds, int? errors)
    {
        ms.Sort();
        double P(double q) => ms.Count == 0 ? double.NaN : ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"{name,-42} {ms.Count,8}   {ms.Count / seconds,9:F1}   {P(0.50),6:F1}   {P(0.95),6:F1}   {P(0.99),6:F1}   {(errors is { } e ? e.ToString(CultureInfo.InvariantCulture) : ""),6}");
    }
}
