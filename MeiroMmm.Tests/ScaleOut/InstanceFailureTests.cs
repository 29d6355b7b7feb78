using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MeiroMmm.Tests.ScaleOut;

/// <summary>Instances and databases that fail: a fit is never lost and never stuck in "running".</summary>
public sealed class InstanceFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KilledInstance_ItsFitIsTakenBackAndFinishedByAnother_WithinTheLease()
    {
        var database = await TestDatabase.NewPostgresAsync();
        // The doomed instance: the real executable, so it can be killed outright (no shutdown hooks run).
        int port = FreePort();
        using var doomed = StartExecutable(database, port);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilAsync(async () => (await TryGetAsync(http, "/api/health/live")) == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the spawned instance never answered");
            var dbFactory = new MeiroDbContextFactory(database);
            var (key, _) = await new ApiKeyService(dbFactory, TimeProvider.System).CreateAsync("scale-out test", Roles.Analyst, "tests", Ct);
            http.DefaultRequestHeaders.Add("X-Api-Key", key!.Secret);
            var dataset = (await new DatasetStore(dbFactory).ListAsync(Ct)).First(d => d.Origin == "demo");
            var post = await http.PostAsJsonAsync("/api/models", new
            {
                dataset_id = dataset.Id, kpi = dataset.Kpis[0], spend_channels = dataset.Channels, covariates = dataset.Controls,
                chains = 2, tune = 400, draws = 400, seed = 3,
            }, Ct);
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
            var id = (await post.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("id").GetGuid();

            // Running with progress in its row (what other instances' pages show), then the instance dies.
            await WaitUntilAsync(async () => (await RowAsync(dbFactory, id)).ProgressJson is not null, TimeSpan.FromSeconds(30), "no progress was stored");
            var before = await RowAsync(dbFactory, id);
            Assert.Equal(ModelRunStatus.Running, before.Status);
            Assert.Contains($"/{doomed.Id}/", before.LeaseOwner);
            Assert.NotNull(StoredFitProgress.FromJson(before.ProgressJson));
            doomed.Kill(entireProcessTree: true);
            await doomed.WaitForExitAsync(Ct);

            await using var survivor = new ClusterNode("survivor", database.ConnectionString, seedDemo: false);
            survivor.StartServer();
            var clock = Stopwatch.StartNew();
            await WaitUntilAsync(async () => (await RowAsync(dbFactory, id)).Status is ModelRunStatus.Completed or ModelRunStatus.Failed or ModelRunStatus.Cancelled,
                TimeSpan.FromSeconds(90), "the fit was not finished by the surviving instance");
            var after = await RowAsync(dbFactory, id);
            Assert.Equal(ModelRunStatus.Completed, after.Status);
            Assert.Equal(2, after.Attempts);
            Assert.DoesNotContain($"/{doomed.Id}/", after.LeaseOwner);
            Assert.NotNull(after.ResultJson);
        }
        finally
        {
            if (!doomed.HasExited) doomed.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task DatabaseUnreachableForAMoment_DuringAFit_TheFitStillCompletes()
    {
        var database = await TestDatabase.NewPostgresAsync();
        await using var node = new ClusterNode("flaky", database.ConnectionString, seedDemo: true, leaseSeconds: 20);
        node.StartServer();
        var dataset = (await node.Services.GetRequiredService<DatasetStore>().ListAsync(Ct)).First(d => d.Origin == "demo");
        var runner = node.Services.GetRequiredService<ModelFitRunner>();
        var start = await runner.StartAsync(new ModelRunSettings(dataset.Id, dataset.Kpis[0], dataset.Channels, dataset.Controls, Chains: 2, Warmup: 300, Draws: 300, Seed: 9), Ct);
        var id = start.RunId!.Value;
        var dbFactory = new MeiroDbContextFactory(database);
        await WaitUntilAsync(async () => (await RowAsync(dbFactory, id)).Status == ModelRunStatus.Running, TimeSpan.FromSeconds(30), "the fit never started");

        // The database refuses every connection for 3 s (existing ones are cut), then comes back.
        string name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
        await AdminAsync($"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}';");
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        await AdminAsync($"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS true;");

        await WaitUntilAsync(async () => (await RowAsync(dbFactory, id)).Status is not (ModelRunStatus.Queued or ModelRunStatus.Running),
            TimeSpan.FromSeconds(120), "the fit never ended");
        var row = await RowAsync(dbFactory, id);
        Assert.Equal(ModelRunStatus.Completed, row.Status);
        Assert.NotNull(row.ResultJson);
    }

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.PostgresServer());
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static Process StartExecutable(DatabaseSettings database, int port)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MeiroMmm.Web.dll"));
        var env = start.Environment;
        env["Urls"] = $"http://127.0.0.1:{port}";
        env["Database__Provider"] = "Postgres";
        env["ConnectionStrings__Meiro"] = database.ConnectionString;
        env["Auth__InitialAdminPassword"] = MeiroAppFactory.AdminPassword;
        env["Demo__Seed"] = "true";
        env["Demo__FitModel"] = "false";
        env["Scheduling__Enabled"] = "false";
        env["Mmm__FitLeaseSeconds"] = "3";
        env["Mmm__FitHeartbeatSeconds"] = "0.5";
        env["Mmm__FitPollSeconds"] = "0.2";
        env["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<ModelRun> RowAsync(MeiroDbContextFactory factory, Guid id)
    {
        await using var db = factory.CreateDbContext();
        return await db.ModelRuns.AsNoTracking().SingleAsync(r => r.Id == id, Ct);
    }

    private static async Task<HttpStatusCode?> TryGetAsync(HttpClient http, string path)
    {
        try { return (await http.GetAsync(path, Ct)).StatusCode; }
        catch (HttpRequestException) { return null; }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            bool done;
            try { done = await condition(); }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException) { done = false; }
            if (done) return;
            Assert.True(clock.Elapsed < timeout, $"{failure} within {timeout}");
            await Task.Delay(100, Ct);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
