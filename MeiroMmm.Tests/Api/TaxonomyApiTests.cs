using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Api;

/// <summary>The taxonomy routes on the real host over the seeded demo workspace, called with real Viewer API keys.</summary>
public sealed class TaxonomyApiTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> PostOkAsync(string path, object body)
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var response = await client.PostAsJsonAsync(path, body, Ct);
        string text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<JsonElement> ErrorsOfAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
    }

    [Fact]
    public async Task ValidateUtm_FromAUrl_ReturnsNormalizedTagAndConfidence_InSnakeCase()
    {
        var json = await PostOkAsync("/api/taxonomy/validate-utm", new { url = "https://shop.example/?utm_source=FB&utm_medium=Paid%20Social&utm_campaign=Spring+Sale" });
        Assert.True(json.GetProperty("is_valid").GetBoolean());
        Assert.Equal("fb", json.GetProperty("normalized").GetProperty("utm_source").GetString());
        Assert.Equal("paid_social", json.GetProperty("normalized").GetProperty("utm_medium").GetString());
        Assert.Equal(0.6, json.GetProperty("confidence").GetDouble());
        Assert.Equal("paid_social", json.GetProperty("mapping").GetProperty("channel").GetString());
        Assert.Equal(0, json.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task ValidateUtm_WithNonStandardNamesAndNoSource_ReportsWarningsAndErrors()
    {
        var json = await PostOkAsync("/api/taxonomy/validate-utm", new Dictionary<string, string> { ["medium"] = "(none)" });
        Assert.False(json.GetProperty("is_valid").GetBoolean());
        var errors = json.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString(), e.GetProperty("code").GetString())).ToList();
        var warnings = json.GetProperty("warnings").EnumerateArray().Select(e => (e.GetProperty("field").GetString(), e.GetProperty("code").GetString())).ToList();
        Assert.Contains(("utm_source", "missing"), errors);
        Assert.Contains(("utm_medium", "name_mapped"), warnings);
        Assert.Contains(("utm_medium", "reserved_value"), warnings);
    }

    [Fact]
    public async Task ValidateUtm_WithNothingOrABadUrl_Is400NamingUrl()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        Assert.True((await ErrorsOfAsync(await client.PostAsJsonAsync("/api/taxonomy/validate-utm", new { }, Ct))).TryGetProperty("url", out _));
        var errors = await ErrorsOfAsync(await client.PostAsJsonAsync("/api/taxonomy/validate-utm", new { url = "not a url" }, Ct));
        Assert.Contains("not a url", errors.GetProperty("url")[0].GetString());
    }

    [Fact]
    public async Task MapChannel_ReturnsRuleConfidenceAndReason()
    {
        var exact = await PostOkAsync("/api/taxonomy/map-channel", new { source = "google", medium = "cpc", campaign = "brand_search" });
        Assert.Equal(("paid_search", "Paid search", 1.0), (exact.GetProperty("channel").GetString(), exact.GetProperty("matched_rule").GetString(), exact.GetProperty("confidence").GetDouble()));

        var alias = await PostOkAsync("/api/taxonomy/map-channel", new { source = "fb", medium = "paid_social" });
        Assert.Equal(0.6, alias.GetProperty("confidence").GetDouble());
        Assert.Contains("alias", alias.GetProperty("fallback_reason").GetString());

        var unknown = await PostOkAsync("/api/taxonomy/map-channel", new { source = "promo-partner", medium = "(not set)" });
        Assert.Equal(("unknown", 0.3), (unknown.GetProperty("channel").GetString(), unknown.GetProperty("confidence").GetDouble()));
        Assert.Equal("(not set)", unknown.GetProperty("medium").GetString());

        var nothing = await PostOkAsync("/api/taxonomy/map-channel", new { });
        Assert.Equal(0.0, nothing.GetProperty("confidence").GetDouble());
    }

    [Fact]
    public async Task MapChannel_WithAnOverlongValue_Is400NamingTheField()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var errors = await ErrorsOfAsync(await client.PostAsJsonAsync("/api/taxonomy/map-channel", new { source = new string('a', 5000), medium = "cpc" }, Ct));
        Assert.True(errors.TryGetProperty("source", out _));
    }

    [Fact]
    public async Task UnknownShare_OnTheDemo_ListsTheUnmappablePromoPartnerTag()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var json = JsonDocument.Parse(await client.GetStringAsync("/api/taxonomy/unknown-share?limit=3", Ct)).RootElement;
        int touchpoints = json.GetProperty("touchpoints").GetInt32(), unknown = json.GetProperty("unknown").GetInt32();
        Assert.True(touchpoints > 3000 && unknown > 0);
        Assert.Equal((double)unknown / touchpoints, json.GetProperty("share").GetDouble(), 12);
        var top = json.GetProperty("top_unmapped_pairs")[0];
        // promo-partner / (not set) is the demo's only unmappable tag, so every unknown touchpoint carries it.
        Assert.Equal(("promo-partner", "(not set)", unknown), (top.GetProperty("source").GetString(), top.GetProperty("medium").GetString(), top.GetProperty("count").GetInt32()));
        Assert.True(json.GetProperty("by_source").GetArrayLength() <= 3);
        Assert.True(json.GetProperty("samples").GetArrayLength() > 0);

        Assert.True((await ErrorsOfAsync(await client.GetAsync("/api/taxonomy/unknown-share?limit=0", Ct))).TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task Coverage_AndChannelConfidence_OnTheDemo()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var coverage = JsonDocument.Parse(await client.GetStringAsync("/api/taxonomy/coverage", Ct)).RootElement;
        int touchpoints = coverage.GetProperty("touchpoints").GetInt32();
        Assert.Equal(touchpoints, coverage.GetProperty("channels").EnumerateArray().Sum(c => c.GetProperty("touchpoints").GetInt32()));
        Assert.Equal(coverage.GetProperty("rule_usage").EnumerateArray().Sum(r => r.GetProperty("touchpoints").GetInt32()),
            touchpoints - coverage.GetProperty("channels").EnumerateArray().Where(c => c.GetProperty("channel").GetString() == "unknown").Sum(c => c.GetProperty("touchpoints").GetInt32()));
        Assert.InRange(coverage.GetProperty("source_coverage").GetDouble(), 0.9, 1.0);

        var paidSearch = JsonDocument.Parse(await client.GetStringAsync("/api/taxonomy/channel-confidence?channel=paid_search", Ct)).RootElement;
        Assert.Equal(1.0, paidSearch.GetProperty("mean_confidence").GetDouble());   // every demo paid-search tag is google / cpc
        Assert.Equal(0.0, paidSearch.GetProperty("low_confidence_share").GetDouble());

        var all = JsonDocument.Parse(await client.GetStringAsync("/api/taxonomy/channel-confidence", Ct)).RootElement;
        Assert.True(all.GetProperty("low_confidence_share").GetDouble() > 0);   // the unknown promo-partner touches, at 0.3
        Assert.Contains(all.GetProperty("samples").EnumerateArray(), s => s.GetProperty("source").GetString() == "promo-partner");

        var errors = await ErrorsOfAsync(await client.GetAsync("/api/taxonomy/channel-confidence?channel=pigeon_post", Ct));
        Assert.Contains("pigeon_post", errors.GetProperty("channel")[0].GetString());
    }
}
