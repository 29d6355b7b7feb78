using System.Net;
using System.Text.Json;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Api;

/// <summary>GET /api/explainability/summary on the demo workspace (3,000 journeys, 2026-08-03 to late October).</summary>
public sealed class ExplainabilityApiTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string TwoDemoPeriods = "from=2026-09-28&to=2026-10-25&compare_from=2026-08-31&compare_to=2026-09-27";

    [Fact]
    public async Task Summary_OnTheDemo_DecomposesExactly_AndTheNarrativeQuotesTheFields()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var json = JsonDocument.Parse(await client.GetStringAsync($"/api/explainability/summary?scope=channel&{TwoDemoPeriods}", Ct)).RootElement;
        Assert.Equal("channel", json.GetProperty("scope").GetString());
        var current = json.GetProperty("current");
        var compare = json.GetProperty("compare");
        Assert.Equal("2026-09-28", current.GetProperty("from").GetString());
        Assert.True(current.GetProperty("journeys").GetInt32() > 500 && compare.GetProperty("journeys").GetInt32() > 500);

        foreach (string metric in new[] { "conversions", "value" })
        {
            var m = json.GetProperty("metrics").GetProperty(metric);
            double change = m.GetProperty("change").GetDouble();
            double terms = m.GetProperty("terms").EnumerateArray().Sum(t => t.GetProperty("value").GetDouble());
            double segments = m.GetProperty("segments").EnumerateArray().Sum(s => s.GetProperty("change").GetDouble());
            Assert.Equal(change, terms, 1e-6);
            Assert.Equal(change, segments, 1e-6);
            Assert.True(Math.Abs(m.GetProperty("residual").GetDouble()) < 1e-6);
        }
        // The credited conversions are the period's converting journeys, counted directly.
        var conversions = json.GetProperty("metrics").GetProperty("conversions");
        Assert.Equal(current.GetProperty("conversions").GetInt32(), conversions.GetProperty("current").GetDouble(), 1e-6);
        Assert.Equal(compare.GetProperty("conversions").GetInt32(), conversions.GetProperty("compare").GetDouble(), 1e-6);
        Assert.Equal(["volume", "mix", "conversion_rate"], conversions.GetProperty("terms").EnumerateArray().Select(t => t.GetProperty("key").GetString()));
        Assert.InRange(conversions.GetProperty("top_contributors").GetArrayLength(), 1, 5);

        // The demo's MMM spend (2023–2025) does not overlap 2026: no ROAS, and the reason says so.
        Assert.Equal(JsonValueKind.Null, json.GetProperty("metrics").GetProperty("roas").ValueKind);
        Assert.Contains("spend", json.GetProperty("metrics").GetProperty("roas_unavailable").GetString());

        // Same config, same taxonomy, similar volume: comparable.
        Assert.Equal("high", json.GetProperty("comparability").GetProperty("level").GetString());
        var narrative = json.GetProperty("narrative");
        string first = narrative[0].GetProperty("text").GetString()!;
        Assert.Contains(conversions.GetProperty("compare").GetDouble().ToString("N0", System.Globalization.CultureInfo.InvariantCulture), first);
        Assert.Contains(conversions.GetProperty("current").GetDouble().ToString("N0", System.Globalization.CultureInfo.InvariantCulture), first);
        Assert.Contains("metrics.conversions.change", narrative[0].GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Summary_WithoutDates_ComparesTheNewest28DaysWithThe28Before_AndCampaignScopeWorks()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var json = JsonDocument.Parse(await client.GetStringAsync("/api/explainability/summary?scope=campaign", Ct)).RootElement;
        var from = DateOnly.Parse(json.GetProperty("current").GetProperty("from").GetString()!);
        var to = DateOnly.Parse(json.GetProperty("current").GetProperty("to").GetString()!);
        var compareTo = DateOnly.Parse(json.GetProperty("compare").GetProperty("to").GetString()!);
        Assert.Equal(27, to.DayNumber - from.DayNumber);
        Assert.Equal(from.AddDays(-1), compareTo);
        var keys = json.GetProperty("metrics").GetProperty("conversions").GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("key").GetString()).ToList();
        Assert.Contains("brand_search", keys);   // a demo campaign, not a channel
    }

    [Fact]
    public async Task BadParameters_Are400_NamingEachOne()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var response = await client.GetAsync("/api/explainability/summary?scope=region&from=2026-13-01&to=2026-10-01&compare_from=2026-09-30&compare_to=2026-09-01", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("scope", out _));
        Assert.True(errors.TryGetProperty("from", out _));
        Assert.True(errors.TryGetProperty("compare_to", out _));   // ends before it starts
        Assert.False(errors.TryGetProperty("to", out _));

        var missing = await client.GetAsync("/api/explainability/summary?from=2026-10-01&to=2026-10-07", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var missingErrors = JsonDocument.Parse(await missing.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
        Assert.True(missingErrors.TryGetProperty("compare_from", out _));
        Assert.True(missingErrors.TryGetProperty("compare_to", out _));
    }

    [Fact]
    public async Task AnEmptyPeriod_IsLowComparability()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var json = JsonDocument.Parse(await client.GetStringAsync("/api/explainability/summary?from=2026-09-28&to=2026-10-25&compare_from=2025-01-01&compare_to=2025-01-28", Ct)).RootElement;
        Assert.Equal(0, json.GetProperty("compare").GetProperty("journeys").GetInt32());
        var comparability = json.GetProperty("comparability");
        Assert.Equal("low", comparability.GetProperty("level").GetString());
        Assert.Contains("empty_period", comparability.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        var conversions = json.GetProperty("metrics").GetProperty("conversions");
        Assert.Equal(conversions.GetProperty("change").GetDouble(), conversions.GetProperty("terms")[0].GetProperty("value").GetDouble(), 1e-6);
    }
}
