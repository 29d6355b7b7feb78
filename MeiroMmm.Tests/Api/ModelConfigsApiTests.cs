using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeiroMmm.Domain.Configs;
using MeiroMmm.Infrastructure.Configs;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Api;

/// <summary>/api/model-configs on the real host over the seeded demo workspace, with real API keys.</summary>
public sealed class ModelConfigsApiTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task DemoWorkspace_HasOneActiveDefaultConfig_ForPurchase()
    {
        var viewer = await app.CreateClientAsync(Roles.Viewer);
        var list = await JsonOf(await viewer.GetAsync("/api/model-configs?status=active", Ct), HttpStatusCode.OK);
        var active = Assert.Single(list.EnumerateArray(), c => c.GetProperty("conversion_key").GetString() == "purchase");
        Assert.Equal("active", active.GetProperty("status").GetString());
        Assert.Equal(30, active.GetProperty("config").GetProperty("windows").GetProperty("click_lookback_days").GetInt32());
        var byKey = await JsonOf(await viewer.GetAsync("/api/model-configs/active?conversion_key=purchase", Ct), HttpStatusCode.OK);
        Assert.Equal(active.GetProperty("id").GetInt32(), byKey.GetProperty("id").GetInt32());
        Assert.Contains("\"$schema\"", await viewer.GetStringAsync("/api/model-configs/schema", Ct));
    }

    [Fact]
    public async Task CreateEditActivateCloneArchive_WithAuditTrail()
    {
        var analyst = await app.CreateClientAsync(Roles.Analyst);
        var config = ModelConfigJson.Write(DefaultModelConfig.Config);
        config["conversions"]!["primary_conversion_key"] = "lead";
        config["conversions"]!["conversion_definitions"]![0]!["key"] = "lead";
        config["conversions"]!["conversion_definitions"]![0]!["event_name"] = "form_submit";
        var created = await JsonOf(await analyst.PostAsJsonAsync("/api/model-configs", new { name = "Leads", config }, Ct), HttpStatusCode.Created);
        int id = created.GetProperty("id").GetInt32();
        Assert.Equal(("draft", "lead"), (created.GetProperty("status").GetString(), created.GetProperty("conversion_key").GetString()));

        config["windows"]!["impression_lookback_days"] = 1;
        var patched = await JsonOf(await analyst.PatchAsJsonAsync($"/api/model-configs/{id}", new { config, note = "1-day views" }, Ct), HttpStatusCode.OK);
        Assert.Equal(1, patched.GetProperty("config").GetProperty("windows").GetProperty("impression_lookback_days").GetInt32());

        await JsonOf(await analyst.PostAsync($"/api/model-configs/{id}/activate", null, Ct), HttpStatusCode.OK);
        var conflict = await analyst.PatchAsJsonAsync($"/api/model-configs/{id}", new { name = "Renamed" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("Clone it", (await conflict.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(HttpStatusCode.Conflict, (await analyst.PostAsync($"/api/model-configs/{id}/archive", null, Ct)).StatusCode);

        var clone = await JsonOf(await analyst.PostAsJsonAsync($"/api/model-configs/{id}/clone", new { name = "Leads v2" }, Ct), HttpStatusCode.OK);
        Assert.Equal(("Leads v2", "draft", id), (clone.GetProperty("name").GetString(), clone.GetProperty("status").GetString(), clone.GetProperty("parent_id").GetInt32()));
        int cloneId = clone.GetProperty("id").GetInt32();
        await JsonOf(await analyst.PostAsync($"/api/model-configs/{cloneId}/activate", null, Ct), HttpStatusCode.OK);
        var first = await JsonOf(await analyst.GetAsync($"/api/model-configs/{id}", Ct), HttpStatusCode.OK);
        var leads = await JsonOf(await analyst.GetAsync("/api/model-configs?conversion_key=lead", Ct), HttpStatusCode.OK);
        Assert.Equal([cloneId, id], leads.EnumerateArray().Select(c => c.GetProperty("id").GetInt32()));   // active first
        var activeLead = await JsonOf(await analyst.GetAsync("/api/model-configs/active?conversion_key=lead", Ct), HttpStatusCode.OK);
        Assert.Equal(cloneId, activeLead.GetProperty("id").GetInt32());
        Assert.Equal("archived", first.GetProperty("status").GetString());

        var audit = await JsonOf(await analyst.GetAsync($"/api/model-configs/{id}/audit", Ct), HttpStatusCode.OK);
        Assert.Equal(["created", "updated", "activated", "archived"], audit.EnumerateArray().Select(a => a.GetProperty("action").GetString()));
        Assert.All(audit.EnumerateArray(), a => Assert.StartsWith("apikey:", a.GetProperty("actor").GetString()));
        var change = Assert.Single(audit[1].GetProperty("changes").EnumerateArray());
        Assert.Equal(("config.windows.impression_lookback_days", "changed", 7, 1),
            (change.GetProperty("path").GetString(), change.GetProperty("kind").GetString(), change.GetProperty("before").GetInt32(), change.GetProperty("after").GetInt32()));
    }

    [Fact]
    public async Task InvalidConfig_Is400_NamingEachFieldPath()
    {
        var analyst = await app.CreateClientAsync(Roles.Analyst);
        var config = ModelConfigJson.Write(DefaultModelConfig.Config);
        config["windows"]!["session_timeout_minutes"] = 0;
        config["conversions"]!["conversion_definitions"]![0]!["dedup_mode"] = "sometimes";
        var response = await analyst.PostAsJsonAsync("/api/model-configs", new { name = "Bad", config }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("config.windows.session_timeout_minutes", out _));
        Assert.True(errors.TryGetProperty("config.conversions.conversion_definitions[0].dedup_mode", out _));

        var empty = await analyst.PostAsJsonAsync("/api/model-configs", new { }, Ct);
        var emptyErrors = JsonDocument.Parse(await empty.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
        Assert.True(emptyErrors.TryGetProperty("name", out _) && emptyErrors.TryGetProperty("config", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/api/model-configs/424242/audit", Ct)).StatusCode);
        var viewer = await app.CreateClientAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/model-configs", new { name = "x", config }, Ct)).StatusCode);
    }
}
