using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Api;

/// <summary>/api/scenarios over the real host: save from a run, list, compare, adopt, realize against later demo weeks, delete.</summary>
public sealed class ScenariosApiTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct));

    [Fact]
    public async Task SaveCompareAdoptRealizeDelete()
    {
        var (runId, demo, later) = await ScenarioFixtures.DemoRunAsync(app.Services, Ct);
        var analyst = await app.CreateClientAsync(Roles.Analyst);

        var blank = await analyst.PostAsJsonAsync("/api/scenarios", new { name = " ", run_id = runId }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.True((await JsonAsync(blank)).GetProperty("errors").TryGetProperty("name", out _));
        var missing = await analyst.PostAsJsonAsync("/api/scenarios", new { name = "x", run_id = Guid.NewGuid() }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var badBounds = await analyst.PostAsJsonAsync("/api/scenarios", new { name = "x", run_id = runId, bounds = new[] { new { channel = "radio_spend", min_pct = 50 } } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badBounds.StatusCode);

        var first = await analyst.PostAsJsonAsync("/api/scenarios", new
        {
            name = "Q plan", description = "mean", run_id = runId, horizon = 13,
            bounds = new[] { new { channel = "tv_spend", min_pct = 50, max_pct = 150 } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var a = await JsonAsync(first);
        int idA = a.GetProperty("scenario").GetProperty("id").GetInt32();
        Assert.Equal("2025-12-29", a.GetProperty("scenario").GetProperty("start_date").GetString());   // the week after the demo's last (2023-01-02 + 156 weeks)
        Assert.Equal("directional", a.GetProperty("assumptions").GetProperty("grade").GetString());      // a Laplace preview
        Assert.Equal("tv_spend", a.GetProperty("assumptions").GetProperty("bounds")[0].GetProperty("channel").GetString());
        Assert.Equal(5, a.GetProperty("plan").GetProperty("channels").GetArrayLength());
        var second = await analyst.PostAsJsonAsync("/api/scenarios", new { name = "Cautious", run_id = runId, horizon = 13, risk_aversion = 1.0, total_budget = 1_000_000 }, Ct);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        int idB = (await JsonAsync(second)).GetProperty("scenario").GetProperty("id").GetInt32();

        var viewer = await app.CreateClientAsync(Roles.Viewer);
        var list = await JsonAsync(await viewer.GetAsync("/api/scenarios?horizon=13", Ct));
        Assert.Equal(2, list.GetArrayLength());
        Assert.Equal(0, (await JsonAsync(await viewer.GetAsync("/api/scenarios?horizon=26", Ct))).GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/scenarios/{idA}/adopt", null, Ct)).StatusCode);

        var compare = await JsonAsync(await viewer.GetAsync($"/api/scenarios/compare?ids={idA},{idB}", Ct));
        Assert.Equal(2, compare.GetProperty("scenarios").GetArrayLength());
        Assert.Equal(0, compare.GetProperty("warnings").GetArrayLength());
        var tv = compare.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "tv_spend");
        Assert.Equal(2, tv.GetProperty("plans").GetArrayLength());
        double spendB = compare.GetProperty("channels").EnumerateArray().Sum(c => c.GetProperty("plans")[1].GetProperty("spend").GetDouble());
        Assert.Equal(1_000_000, spendB, 1e-3 * 1_000_000);   // the plan spends its budget
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync($"/api/scenarios/compare?ids={idA}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/api/scenarios/compare?ids=a,b", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/api/scenarios/compare?ids={idA},99999", Ct)).StatusCode);

        // Adopting B after A un-adopts A: both plan the same weeks of the same dataset and KPI.
        Assert.Equal(HttpStatusCode.OK, (await analyst.PostAsync($"/api/scenarios/{idA}/adopt", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.PostAsync($"/api/scenarios/{idB}/adopt", null, Ct)).StatusCode);
        var adopted = (await JsonAsync(await viewer.GetAsync("/api/scenarios", Ct))).EnumerateArray().Where(s => s.GetProperty("adopted").GetBoolean()).ToList();
        Assert.Equal(idB, Assert.Single(adopted).GetProperty("id").GetInt32());

        // Realization: the re-upload with 13 more weeks is the newest dataset with the run's columns that reaches the horizon.
        var realization = await JsonAsync(await viewer.GetAsync($"/api/scenarios/{idA}/realization", Ct));
        Assert.Equal("complete", realization.GetProperty("status").GetString());
        Assert.Equal(later.Id, realization.GetProperty("actuals_dataset_id").GetGuid());
        var r = realization.GetProperty("realization");
        Assert.Equal(13, r.GetProperty("realized_periods").GetInt32());
        var full = await app.Services.GetRequiredService<DatasetStore>().GetAsync(later.Id, Ct);
        double sales = full!.Data.Kpis[0].Values[ScenarioFixtures.DemoWeeks..].Sum();
        Assert.Equal(sales, r.GetProperty("total").GetProperty("actual_kpi").GetDouble(), 1e-6 * sales);
        double tvSpend = full.Data.Channels.Single(c => c.Name == "tv_spend").Values[ScenarioFixtures.DemoWeeks..].Sum();
        var tvRow = r.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "tv_spend");
        Assert.Equal(tvSpend, tvRow.GetProperty("actual_spend").GetDouble(), 1e-6 * tvSpend + 1e-6);
        var total = r.GetProperty("total");
        Assert.True(total.GetProperty("planned_kpi").GetProperty("lower").GetDouble() < total.GetProperty("planned_kpi").GetProperty("upper").GetDouble());
        Assert.Contains(total.GetProperty("planned_status").GetString(), new[] { "inside", "below", "above" });
        // Choosing a dataset without the later weeks: waiting.
        var waiting = await JsonAsync(await viewer.GetAsync($"/api/scenarios/{idA}/realization?dataset_id={demo.Id}", Ct));
        Assert.Equal("waiting", waiting.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, waiting.GetProperty("realization").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await analyst.DeleteAsync($"/api/scenarios/{idA}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/api/scenarios/{idA}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/api/scenarios/{idA}/realization", Ct)).StatusCode);
    }
}
