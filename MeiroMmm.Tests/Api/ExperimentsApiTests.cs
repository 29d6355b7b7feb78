using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MeiroMmm.Domain.Experiments;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Scheduling;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Api;

/// <summary>The experiment routes on the real host and a real SQLite file, called with real Analyst and Viewer API keys.</summary>
public sealed class ExperimentsApiTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<JsonElement> ErrorsOfAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
    }

    private static object Draft(string name) => new
    {
        name, channel = "push", treatment_rate = 0.5,
        start_at = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), end_at = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task Lifecycle_CreateAssignIngestResults_MatchesUpliftAnalysis()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var created = await OkJsonAsync(await client.PostAsJsonAsync("/api/experiments", Draft("Push holdout"), Ct), HttpStatusCode.Created);
        int id = created.GetProperty("id").GetInt32();
        Assert.Equal("draft", created.GetProperty("status").GetString());
        Assert.Equal("running", (await OkJsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/status", new { status = "running" }, Ct))).GetProperty("status").GetString());

        string[] profiles = [.. Enumerable.Range(1, 400).Select(i => $"p-{i:D4}")];
        var assigned = await OkJsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/assign", new { profile_ids = profiles, treatment_rate = 0.5 }, Ct));
        Assert.Equal(400, assigned.GetProperty("assigned").GetInt32());
        Assert.Equal(400, assigned.GetProperty("newly_assigned").GetInt32());
        Assert.Equal(400, assigned.GetProperty("treatment").GetInt32() + assigned.GetProperty("control").GetInt32());
        var again = await OkJsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/assign", new { profile_ids = profiles[..100] }, Ct));
        Assert.Equal(0, again.GetProperty("newly_assigned").GetInt32());
        var changedRate = await client.PostAsJsonAsync($"/api/experiments/{id}/assign", new { profile_ids = profiles[..1], treatment_rate = 0.8 }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, changedRate.StatusCode);

        var exposures = new { exposures = profiles[..300].Append("ghost").Select((p, i) => new { profile_id = p, message_id = $"m-{i}", exposed_at = DateTimeOffset.Parse("2026-11-02T10:00:00Z") }) };
        var first = await OkJsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/exposures", exposures, Ct));
        Assert.Equal(301, first.GetProperty("recorded").GetInt32());
        Assert.Equal(["ghost"], first.GetProperty("unassigned_profiles").EnumerateArray().Select(p => p.GetString()));
        var repost = await OkJsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/exposures", exposures, Ct));
        Assert.Equal(0, repost.GetProperty("recorded").GetInt32());
        Assert.Equal(301, repost.GetProperty("duplicates").GetInt32());

        // Every 7th profile converts, once with a conversion id and once more without one (same time and value twice: one row).
        string[] converters = [.. profiles.Where((_, i) => i % 7 == 0)];
        var outcomes = new
        {
            outcomes = converters.Select(p => new { profile_id = p, conversion_id = (string?)$"c-{p}", converted_at = DateTimeOffset.Parse("2026-11-05T12:00:00Z"), value = 25.5 })
                .Concat(converters.Take(10).SelectMany(p => Enumerable.Repeat(new { profile_id = p, conversion_id = (string?)null, converted_at = DateTimeOffset.Parse("2026-11-06T08:00:00Z"), value = 4.0 }, 2)))
                .Append(new { profile_id = "nobody", conversion_id = (string?)"c-nobody", converted_at = DateTimeOffset.Parse("2026-11-05T12:00:00Z"), value = 1.0 }),
        };
        var recorded = await OkJsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/outcomes", outcomes, Ct));
        Assert.Equal(converters.Length + 10 + 1, recorded.GetProperty("recorded").GetInt32());
        Assert.Equal(10, recorded.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, recorded.GetProperty("unassigned").GetInt32());
        Assert.Equal(["nobody"], recorded.GetProperty("unassigned_profiles").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(0, (await OkJsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/outcomes", outcomes, Ct))).GetProperty("recorded").GetInt32());

        // Expected numbers: the stored groups, counted here, through UpliftAnalysis itself.
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct))
        {
            var groups = await db.ExperimentAssignments.Where(a => a.ExperimentId == id).ToDictionaryAsync(a => a.ProfileId, a => a.Group, Ct);
            var stored = await db.Experiments.SingleAsync(e => e.Id == id, Ct);
            Assert.All(profiles, p => Assert.Equal(DeterministicAssigner.Assign(p, stored.Key, stored.Salt, 0.5), groups[p]));
            Assert.Equal(assigned.GetProperty("treatment").GetInt32(), groups.Values.Count(g => g == ExperimentGroup.Treatment));
            GroupTotals Totals(ExperimentGroup g, IEnumerable<string> population)
            {
                var members = population.Where(p => groups[p] == g).ToList();
                var conv = members.Where(converters.Contains).ToList();
                return new(members.Count, conv.Count, conv.Sum(p => 25.5 + (converters.Take(10).Contains(p) ? 4.0 : 0)));
            }
            var itt = UpliftAnalysis.Analyze(Totals(ExperimentGroup.Treatment, profiles), Totals(ExperimentGroup.Control, profiles), 0.5);
            var pp = UpliftAnalysis.Analyze(Totals(ExperimentGroup.Treatment, profiles[..300]), Totals(ExperimentGroup.Control, profiles), 0.5);

            var results = await OkJsonAsync(await client.GetAsync($"/api/experiments/{id}/results", Ct));
            AssertMatches(itt, results.GetProperty("intention_to_treat"));
            AssertMatches(pp, results.GetProperty("per_protocol"));
            Assert.Equal(pp.Treatment.Profiles, results.GetProperty("exposed_treatment").GetInt64());

            var series = await OkJsonAsync(await client.GetAsync($"/api/experiments/{id}/time-series?freq=D", Ct));
            var last = series.GetProperty("points").EnumerateArray().Last();
            Assert.Equal(itt.Treatment.Profiles, last.GetProperty("n_treatment").GetInt64());
            Assert.Equal(itt.Control.Conversions, last.GetProperty("conversions_control").GetInt64());
            Assert.Equal(itt.NewcombeCi.Low, last.GetProperty("abs_ci_low").GetDouble(), 12);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/experiments/{id}/time-series?freq=W", Ct)).StatusCode);
        Assert.Equal("completed", (await OkJsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/status", new { status = "completed" }, Ct))).GetProperty("status").GetString());
        var back = await client.PostAsJsonAsync($"/api/experiments/{id}/status", new { status = "running" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, back.StatusCode);
        Assert.Equal("application/problem+json", back.Content.Headers.ContentType?.MediaType);
        Assert.Contains("completed experiment can only become archived", JsonDocument.Parse(await back.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Put_EditsADraftOnly_NamesBadFields_AndKeepsTheRateOnceProfilesAreAssigned()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var created = await OkJsonAsync(await client.PostAsJsonAsync("/api/experiments", Draft("Push draft"), Ct), HttpStatusCode.Created);
        int id = created.GetProperty("id").GetInt32();
        string key = created.GetProperty("key").GetString()!;

        var edit = new
        {
            name = "SMS holdout, renamed", channel = "sms", treatment_rate = 0.8,
            start_at = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), end_at = new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero),
        };
        var edited = await OkJsonAsync(await client.PutAsJsonAsync($"/api/experiments/{id}", edit, Ct));
        Assert.Equal(("SMS holdout, renamed", "sms", 0.8, key), (edited.GetProperty("name").GetString(), edited.GetProperty("channel").GetString(),
            edited.GetProperty("treatment_rate").GetDouble(), edited.GetProperty("key").GetString()));
        Assert.Equal(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero), edited.GetProperty("end_at").GetDateTimeOffset());
        Assert.Equal("SMS holdout, renamed", (await OkJsonAsync(await client.GetAsync($"/api/experiments/{id}", Ct))).GetProperty("name").GetString());

        var errors = await ErrorsOfAsync(await client.PutAsJsonAsync($"/api/experiments/{id}", new { name = "", channel = "E MAIL", treatment_rate = 1.5, start_at = edit.end_at, end_at = edit.start_at }, Ct));
        Assert.Equal(["channel", "end_at", "name", "treatment_rate"], errors.EnumerateObject().Select(p => p.Name).Order());
        var keyChange = await ErrorsOfAsync(await client.PutAsJsonAsync($"/api/experiments/{id}",
            new { edit.name, edit.channel, edit.treatment_rate, edit.start_at, edit.end_at, key = "other-key" }, Ct));
        Assert.Equal(["key"], keyChange.EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync("/api/experiments/999999", edit, Ct)).StatusCode);
        var viewer = await app.CreateClientAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync($"/api/experiments/{id}", edit, Ct)).StatusCode);

        // Profiles assigned while a draft: the rate is fixed from then on, the rest can still change.
        await OkJsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/assign", new { profile_ids = new[] { "a", "b", "c" } }, Ct));
        var rate = await client.PutAsJsonAsync($"/api/experiments/{id}", edit with { treatment_rate = 0.5 }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, rate.StatusCode);
        Assert.Contains("treatment_rate", await rate.Content.ReadAsStringAsync(Ct));
        await OkJsonAsync(await client.PutAsJsonAsync($"/api/experiments/{id}", edit with { name = "Renamed again" }, Ct));

        await OkJsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/status", new { status = "running" }, Ct));
        var started = await client.PutAsJsonAsync($"/api/experiments/{id}", edit with { name = "Too late" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, started.StatusCode);
        Assert.Equal("application/problem+json", started.Content.Headers.ContentType?.MediaType);
        Assert.Contains("only a draft can be edited", JsonDocument.Parse(await started.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("detail").GetString());
        Assert.Equal("Renamed again", (await OkJsonAsync(await client.GetAsync($"/api/experiments/{id}", Ct))).GetProperty("name").GetString());
    }

    private static void AssertMatches(UpliftReport expected, JsonElement actual)
    {
        Assert.Equal(expected.Treatment.Profiles, actual.GetProperty("n_treatment").GetInt64());
        Assert.Equal(expected.Treatment.Conversions, actual.GetProperty("conversions_treatment").GetInt64());
        Assert.Equal(expected.Control.Profiles, actual.GetProperty("n_control").GetInt64());
        Assert.Equal(expected.Control.Conversions, actual.GetProperty("conversions_control").GetInt64());
        Assert.Equal(expected.Treatment.Value, actual.GetProperty("value_treatment").GetDouble(), 9);
        Assert.Equal(expected.AbsoluteUplift, actual.GetProperty("abs_uplift").GetDouble(), 12);
        Assert.Equal(expected.NewcombeCi.Low, actual.GetProperty("abs_ci_low").GetDouble(), 12);
        Assert.Equal(expected.NewcombeCi.High, actual.GetProperty("abs_ci_high").GetDouble(), 12);
        Assert.Equal(expected.WaldCi.High, actual.GetProperty("wald_ci_high").GetDouble(), 12);
        Assert.Equal(expected.PValue!.Value, actual.GetProperty("p_value").GetDouble(), 12);
        Assert.Equal(expected.Srm.PValue, actual.GetProperty("srm_p_value").GetDouble(), 12);
        Assert.Equal(expected.InsufficientData, actual.GetProperty("insufficient_data").GetBoolean());
    }

    [Fact]
    public async Task DemoExperiment_HasResultsAndADailySeries()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var list = await OkJsonAsync(await client.GetAsync("/api/experiments", Ct));
        int id = list.EnumerateArray().Single(e => e.GetProperty("key").GetString() == "demo-email-holdout").GetProperty("id").GetInt32();
        var results = await OkJsonAsync(await client.GetAsync($"/api/experiments/{id}/results", Ct));
        var itt = results.GetProperty("intention_to_treat");
        Assert.Equal(6000, itt.GetProperty("n_treatment").GetInt64() + itt.GetProperty("n_control").GetInt64());
        Assert.False(itt.GetProperty("srm_flag").GetBoolean());
        Assert.InRange(results.GetProperty("exposure_coverage").GetDouble(), 0.8, 0.9);   // the generator exposes 85%
        Assert.True(results.GetProperty("per_protocol").GetProperty("abs_uplift").GetDouble() > 0);
        var points = (await OkJsonAsync(await client.GetAsync($"/api/experiments/{id}/time-series", Ct))).GetProperty("points");
        Assert.True(points.GetArrayLength() >= 7);
        Assert.Equal(itt.GetProperty("conversions_treatment").GetInt64(), points.EnumerateArray().Last().GetProperty("conversions_treatment").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/experiments/999999/results", Ct)).StatusCode);
    }

    [Fact]
    public async Task PowerAnalysis_FleissExample_Is8158PerGroup()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var json = await OkJsonAsync(await client.PostAsJsonAsync("/api/experiments/power-analysis",
            new { baseline_rate = 0.05, mde = 0.01, alpha = 0.05, power = 0.8, treatment_rate = 0.5, daily_eligible = 2000 }, Ct));
        Assert.Equal(8158, json.GetProperty("n_treatment").GetInt64());
        Assert.Equal(8158, json.GetProperty("n_control").GetInt64());
        Assert.Equal(16316, json.GetProperty("n_total").GetInt64());
        Assert.Equal(9, json.GetProperty("days").GetInt64());
        Assert.Equal("fleiss", json.GetProperty("method").GetString());

        var errors = await ErrorsOfAsync(await client.PostAsJsonAsync("/api/experiments/power-analysis", new { baseline_rate = 1.5, mde = 0.01, power = 0.01, method = "magic" }, Ct));
        Assert.True(errors.TryGetProperty("method", out _));
        errors = await ErrorsOfAsync(await client.PostAsJsonAsync("/api/experiments/power-analysis", new { baseline_rate = 1.5, mde = 0.01, power = 0.01 }, Ct));
        Assert.True(errors.TryGetProperty("baseline_rate", out _));
        Assert.True(errors.TryGetProperty("power", out _));
    }

    [Fact]
    public async Task Create_WithBadInput_Returns400NamingEachField()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var errors = await ErrorsOfAsync(await client.PostAsJsonAsync("/api/experiments",
            new { name = " ", channel = "E Mail!", treatment_rate = 1.0, start_at = "2026-11-10T00:00:00Z", end_at = "2026-11-01T00:00:00Z" }, Ct));
        foreach (string field in new[] { "name", "channel", "treatment_rate", "end_at" }) Assert.True(errors.TryGetProperty(field, out _), field);
        var viewer = await app.CreateClientAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/experiments", Draft("x"), Ct)).StatusCode);
    }

    [Fact]
    public async Task NightlyReport_CompletesAnExperimentPastItsEnd_AndStoresTodaysResults()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var draft = new { name = "Ended SMS test", channel = "sms", start_at = "2026-01-01T00:00:00Z", end_at = "2026-01-15T00:00:00Z" };
        int id = (await OkJsonAsync(await client.PostAsJsonAsync("/api/experiments", draft, Ct), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await OkJsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/status", new { status = "running" }, Ct));
        await OkJsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/assign", new { profile_ids = Enumerable.Range(0, 100).Select(i => $"s-{i}") }, Ct));
        await OkJsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/exposures",
            new { exposures = new[] { new { profile_id = "s-1", message_id = "sms-1", exposed_at = "2026-01-02T00:00:00Z" } } }, Ct));

        var task = app.Services.GetServices<IScheduledTask>().Single(t => t.Name == "nightly-report");
        string report = await task.RunAsync(Ct);
        Assert.Contains("\"completed_now\":true", report);
        Assert.Equal("completed", (await OkJsonAsync(await client.GetAsync($"/api/experiments/{id}", Ct))).GetProperty("status").GetString());

        var history = await OkJsonAsync(await client.GetAsync($"/api/experiments/{id}/results/history", Ct));
        var row = Assert.Single(history.EnumerateArray());
        var live = await OkJsonAsync(await client.GetAsync($"/api/experiments/{id}/results", Ct));
        Assert.Equal(live.GetProperty("intention_to_treat").GetProperty("n_treatment").GetInt64(),
            row.GetProperty("results").GetProperty("intention_to_treat").GetProperty("n_treatment").GetInt64());

        var exposures = await OkJsonAsync(await client.GetAsync($"/api/experiments/{id}/exposures?limit=10", Ct));
        Assert.Equal(1, exposures.GetProperty("total").GetInt64());
        Assert.Equal("sms-1", exposures.GetProperty("exposures")[0].GetProperty("message_id").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/experiments/{id}/exposures?limit=0", Ct)).StatusCode);
    }
}
