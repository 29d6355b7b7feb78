using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Api;

/// <summary>The taxonomy editor's routes on the real host: current, save as a new version, versions, restore, impact preview.</summary>
public sealed class TaxonomyVersionsApiTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonNode> JsonOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task EditPreviewSaveAndRestore()
    {
        var viewer = await app.CreateClientAsync(Roles.Viewer);
        var admin = await app.CreateClientAsync(Roles.Admin);
        var analyst = await app.CreateClientAsync(Roles.Analyst);
        var current = await JsonOf(await viewer.GetAsync("/api/taxonomy", Ct), HttpStatusCode.OK);
        int version = (int)current["version"]!;
        Assert.Equal("paid_search", (string?)current["rules"]![0]!["channel"]);

        // The demo's unmapped "promo-partner / (not set)" tag becomes affiliate.
        var edit = current.DeepClone().AsObject();
        edit["rules"]!.AsArray().Insert(0, new JsonObject { ["name"] = "Promo partner", ["channel"] = "affiliate", ["source_pattern"] = "promo-partner", ["priority"] = 1 });
        edit["note"] = "Map the promo partner";
        edit["based_on_version"] = version;
        var impact = await JsonOf(await analyst.PostAsJsonAsync("/api/taxonomy/preview-impact", edit, Ct), HttpStatusCode.OK);
        Assert.True((int)impact["changed"]! > 0);
        Assert.True((double)impact["unknown_share_after"]! < (double)impact["unknown_share_before"]!);
        Assert.Equal(("unknown", "affiliate"), ((string?)impact["transitions"]![0]!["from"], (string?)impact["transitions"]![0]!["to"]));
        Assert.Equal((int)impact["changed"]!, (int)impact["transitions"]![0]!["touchpoints"]!);
        // Per channel, before and after: unknown loses what affiliate gains, and every channel adds up (after = before + in − out).
        var channels = impact["channels"]!.AsArray().ToDictionary(c => (string)c!["channel"]!, c => c!);
        Assert.Equal((int)impact["changed"]!, (int)channels["unknown"]["moved_out"]!);
        Assert.Equal((int)impact["changed"]!, (int)channels["affiliate"]["moved_in"]!);
        Assert.All(channels.Values, c => Assert.Equal((int)c["before"]! + (int)c["moved_in"]! - (int)c["moved_out"]!, (int)c["after"]!));
        Assert.Equal((int)impact["touchpoints"]!, channels.Values.Sum(c => (int)c["after"]!));

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PutAsJsonAsync("/api/taxonomy", edit, Ct)).StatusCode);
        var saved = await JsonOf(await admin.PutAsJsonAsync("/api/taxonomy", edit, Ct), HttpStatusCode.OK);
        Assert.Equal(version + 1, (int)saved["version"]!);
        var mapped = await JsonOf(await viewer.PostAsJsonAsync("/api/taxonomy/map-channel", new { source = "promo-partner", medium = "(not set)" }, Ct), HttpStatusCode.OK);
        Assert.Equal(("affiliate", "Promo partner"), ((string?)mapped["channel"], (string?)mapped["matched_rule"]));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsJsonAsync("/api/taxonomy", edit, Ct)).StatusCode);   // based on a stale version

        var versions = await JsonOf(await viewer.GetAsync("/api/taxonomy/versions", Ct), HttpStatusCode.OK);
        Assert.Equal([version + 1, version], versions.AsArray().Take(2).Select(v => (int)v!["version"]!));
        Assert.Equal("Map the promo partner", (string?)versions[0]!["note"]);
        var old = await JsonOf(await viewer.GetAsync($"/api/taxonomy/versions/{version}", Ct), HttpStatusCode.OK);
        Assert.False((bool)old["is_current"]!);

        var restored = await JsonOf(await admin.PostAsJsonAsync($"/api/taxonomy/versions/{version}/restore", new { note = "Undo" }, Ct), HttpStatusCode.OK);
        Assert.Equal((version + 2, version), ((int)restored["version"]!, (int)restored["restored_from"]!));
        var after = await JsonOf(await viewer.PostAsJsonAsync("/api/taxonomy/map-channel", new { source = "promo-partner", medium = "(not set)" }, Ct), HttpStatusCode.OK);
        Assert.Equal("unknown", (string?)after["channel"]);
    }

    [Fact]
    public async Task BadRulesAndMissingVersions_AreRefusedWithFieldsAndStatuses()
    {
        var admin = await app.CreateClientAsync(Roles.Admin);
        var body = new { rules = new object[] { new { name = "Bad", channel = "paid_search", source_pattern = "(goo" }, new { name = "Look", channel = "email", medium_pattern = "(?=x)x" } } };
        var response = await admin.PutAsJsonAsync("/api/taxonomy", body, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["errors"]!.AsObject();
        Assert.Contains("Not a valid regular expression", (string?)errors["rules[0].source_pattern"]![0]);
        Assert.Contains("backtracking", (string?)errors["rules[1].medium_pattern"]![0]);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/taxonomy/preview-impact", body, Ct)).StatusCode);
        Assert.True(JsonNode.Parse(await (await admin.PutAsJsonAsync("/api/taxonomy", new { }, Ct)).Content.ReadAsStringAsync(Ct))!["errors"]!["rules"] is not null);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/taxonomy/versions/999", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/taxonomy/versions/999/restore", null, Ct)).StatusCode);
    }
}
