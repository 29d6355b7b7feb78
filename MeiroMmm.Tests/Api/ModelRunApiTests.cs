using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace MeiroMmm.Tests.Api;

/// <summary>/api/models end to end on the seeded demo dataset: a tiny real fit, a cancellation, and input errors.</summary>
public sealed class ModelRunApiTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> DemoDatasetAsync(HttpClient client)
    {
        var list = await client.GetFromJsonAsync<JsonElement>("/api/datasets", Ct);
        return list.EnumerateArray().Single(d => d.GetProperty("origin").GetString() == "demo");
    }

    private static object Body(JsonElement dataset, int chains, int tune, int draws) => new
    {
        dataset_id = dataset.GetProperty("id").GetGuid(),
        kpi = dataset.GetProperty("kpis")[0].GetString(),
        spend_channels = dataset.GetProperty("channels").EnumerateArray().Select(c => c.GetString()).ToArray(),
        covariates = dataset.GetProperty("controls").EnumerateArray().Select(c => c.GetString()).ToArray(),
        chains, tune, draws, seed = 7,
    };

    private static async Task<JsonElement> PollUntilAsync(HttpClient client, Guid id, Func<string, bool> done, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var run = await client.GetFromJsonAsync<JsonElement>($"/api/models/{id}", Ct);
            string status = run.GetProperty("run").GetProperty("status").GetString()!;
            if (done(status)) return run;
            Assert.True(clock.Elapsed < timeout, $"run {id} still {status} after {timeout}");
            await Task.Delay(200, Ct);
        }
    }

    [Fact]
    public async Task PostModel_TinyRun_CompletesWithRoasPerChannel()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var dataset = await DemoDatasetAsync(client);
        var response = await client.PostAsJsonAsync("/api/models", Body(dataset, chains: 1, tune: 50, draws: 50), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        var run = await PollUntilAsync(client, id, s => s is "completed" or "failed" or "cancelled", TimeSpan.FromMinutes(3));
        Assert.Equal("completed", run.GetProperty("run").GetProperty("status").GetString());
        var channels = run.GetProperty("result").GetProperty("channels").EnumerateArray().ToList();
        Assert.Equal(dataset.GetProperty("channels").GetArrayLength(), channels.Count);
        Assert.All(channels, c =>
        {
            double mean = c.GetProperty("roas_mean").GetDouble(), q05 = c.GetProperty("roas_q05").GetDouble(), q95 = c.GetProperty("roas_q95").GetDouble();
            Assert.True(double.IsFinite(mean) && mean > 0 && q05 <= mean && mean <= q95, $"{c.GetProperty("channel")}: {q05} ≤ {mean} ≤ {q95}");
        });
        var draws = run.GetProperty("result").GetProperty("draws");
        Assert.True(draws.GetProperty("chains").GetInt32() * draws.GetProperty("draws_per_chain").GetInt32() <= 1000);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/models", Ct);
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task PostModel_WithOtherShapes_FitsThemAndStoresThemWithTheRun()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var dataset = await DemoDatasetAsync(client);
        var channels = dataset.GetProperty("channels").EnumerateArray().Select(c => c.GetString()!).ToArray();
        var response = await client.PostAsJsonAsync("/api/models", new
        {
            dataset_id = dataset.GetProperty("id").GetGuid(), kpi = dataset.GetProperty("kpis")[0].GetString(), spend_channels = channels,
            method = "laplace", draws = 200, adstock = "delayed", saturation = "michaelis_menten", l_max = 6,
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var run = await PollUntilAsync(client, id, s => s is "completed" or "failed" or "cancelled", TimeSpan.FromMinutes(2));
        Assert.Equal("completed", run.GetProperty("run").GetProperty("status").GetString());
        var settings = run.GetProperty("run").GetProperty("settings");
        Assert.Equal(("delayed", "michaelis_menten", 6), (settings.GetProperty("adstock").GetString(), settings.GetProperty("saturation").GetString(), settings.GetProperty("l_max").GetInt32()));
        var names = run.GetProperty("result").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains($"adstock_theta[{channels[0]}]", names);
        Assert.Contains($"saturation_alpha[{channels[0]}]", names);
        Assert.All(run.GetProperty("result").GetProperty("adstock").EnumerateArray(), a => Assert.Equal(6, a.GetProperty("weights").GetArrayLength()));
        var findings = await client.GetFromJsonAsync<JsonElement>($"/api/models/{id}/diagnostics", Ct);
        var preview = findings.EnumerateArray().Single(f => f.GetProperty("code").GetString() == "laplace_preview");
        Assert.Equal("warning", preview.GetProperty("severity").GetString());
        Assert.False(string.IsNullOrEmpty(preview.GetProperty("action").GetString()));
        // Worst first, and the same findings the quality gate grades from: each warning or problem is one of its reasons.
        var order = new[] { "problem", "warning", "info" };
        var severities = findings.EnumerateArray().Select(f => Array.IndexOf(order, f.GetProperty("severity").GetString())).ToList();
        Assert.Equal(severities.OrderBy(i => i), severities);
        var quality = await client.GetFromJsonAsync<JsonElement>($"/api/models/{id}/quality", Ct);
        Assert.Equal(findings.EnumerateArray().Count(f => f.GetProperty("severity").GetString() != "info"), quality.GetProperty("reasons").GetArrayLength());

        var bad = await client.PostAsJsonAsync("/api/models", new
        {
            dataset_id = dataset.GetProperty("id").GetGuid(), kpi = dataset.GetProperty("kpis")[0].GetString(), spend_channels = channels, adstock = "carryover",
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("adstock", (await bad.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Ct))!.Errors.Keys);
    }

    [Fact]
    public async Task PostModel_WithALiftTest_StoresItWithTheRun_AndRefusesOneOnAnotherChannel()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var dataset = await DemoDatasetAsync(client);
        var channels = dataset.GetProperty("channels").EnumerateArray().Select(c => c.GetString()!).ToArray();
        object Body(string channel) => new
        {
            dataset_id = dataset.GetProperty("id").GetGuid(), kpi = dataset.GetProperty("kpis")[0].GetString(), spend_channels = channels,
            method = "laplace", draws = 200,
            // The shape GET /api/experiments/{id}/lift-test returns: spend 0 → 1,000 per period added 500 per period (σ 100).
            lift_tests = new[] { new { channel, x = 0.0, delta_x = 1000.0, delta_y = 500.0, sigma = 100.0 } },
        };
        var bad = await client.PostAsJsonAsync("/api/models", Body("not_a_channel"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("lift_tests[0]", (await bad.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Ct))!.Errors.Keys);

        var response = await client.PostAsJsonAsync("/api/models", Body(channels[0]), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var run = await PollUntilAsync(client, id, s => s is "completed" or "failed" or "cancelled", TimeSpan.FromMinutes(2));
        Assert.Equal("completed", run.GetProperty("run").GetProperty("status").GetString());
        var stored = Assert.Single(run.GetProperty("run").GetProperty("settings").GetProperty("lift_tests").EnumerateArray());
        Assert.Equal((channels[0], 500.0), (stored.GetProperty("channel").GetString(), stored.GetProperty("delta_y").GetDouble()));
    }

    [Fact]
    public async Task CancelModel_WhileRunning_MarksItCancelled_ThenAnAnalystDeletesIt()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var dataset = await DemoDatasetAsync(client);
        var response = await client.PostAsJsonAsync("/api/models", Body(dataset, chains: 1, tune: 3000, draws: 3000), Ct);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        await PollUntilAsync(client, id, s => s != "queued", TimeSpan.FromMinutes(3));
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/api/models/{id}", Ct)).StatusCode);   // running: cancel first

        var cancel = await client.PostAsync($"/api/models/{id}/cancel", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var run = await PollUntilAsync(client, id, s => s is "completed" or "failed" or "cancelled", TimeSpan.FromSeconds(30));
        Assert.Equal("cancelled", run.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("result").ValueKind);

        var again = await client.PostAsync($"/api/models/{id}/cancel", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // Ended: an Analyst deletes it with its row; a Viewer may not.
        var viewer = await app.CreateClientAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/models/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/models/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/models/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/models/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task PostModel_WithUnknownKpiAndChannel_Returns400NamingTheFields()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var dataset = await DemoDatasetAsync(client);
        var response = await client.PostAsJsonAsync("/api/models",
            new { dataset_id = dataset.GetProperty("id").GetGuid(), kpi = "profit_in_pigeons", spend_channels = new[] { "carrier_pigeon" }, chains = 99 }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Ct);
        Assert.Contains("kpi", problem!.Errors.Keys);
        Assert.Contains("spend_channels", problem.Errors.Keys);
        Assert.Contains("chains", problem.Errors.Keys);
    }

    [Fact]
    public async Task GetModel_Unknown_Returns404ProblemDetails()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var response = await client.GetAsync($"/api/models/{Guid.NewGuid()}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

/// <summary>With Demo:FitModel on (the default outside tests), the first start queues a fast fit of the demo dataset.</summary>
public sealed class ModelRunDemoFitTests : IAsyncLifetime
{
    private readonly MeiroAppFactory _app = new();

    public ValueTask InitializeAsync()
    {
        _app.Settings["Demo:FitModel"] = "true";
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task FirstStart_QueuesAFastDemoFit_ThatRuns()
    {
        var client = await _app.CreateClientAsync(Roles.Viewer);
        var runs = await client.GetFromJsonAsync<JsonElement>("/api/models", TestContext.Current.CancellationToken);
        var run = Assert.Single(runs.EnumerateArray());
        var settings = run.GetProperty("settings");
        Assert.Equal(2, settings.GetProperty("chains").GetInt32());
        Assert.Equal(300, settings.GetProperty("warmup").GetInt32());
        Assert.Equal(42, settings.GetProperty("seed").GetInt32());
        var id = run.GetProperty("id").GetGuid();

        // It runs: within a minute a chain reports progress (then it is cancelled so the test stays short).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var detail = await client.GetFromJsonAsync<JsonElement>($"/api/models/{id}", TestContext.Current.CancellationToken);
            string status = detail.GetProperty("run").GetProperty("status").GetString()!;
            if (status == "completed") break;
            if (detail.GetProperty("progress") is { ValueKind: JsonValueKind.Object } p
                && p.GetProperty("chains").EnumerateArray().Any(c => c.ValueKind == JsonValueKind.Object && c.GetProperty("iteration").GetInt32() > 0)) break;
            Assert.NotEqual("failed", status);
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"the demo fit did not progress ({status})");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
