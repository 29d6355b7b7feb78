using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Api;

/// <summary>Histograms, conversion keys and the attribution-vs-MMM mapping and comparison on the real host with the demo workspace.</summary>
public sealed class AttributionMmmApiTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Histograms_CountEveryJourneyOnce_AndFilterByKeyAndDate()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var summary = await client.GetFromJsonAsync<JsonElement>("/api/attribution/journeys/summary", Ct);
        var all = await client.GetFromJsonAsync<JsonElement>("/api/attribution/paths/histograms", Ct);
        var lengths = all.GetProperty("path_lengths").EnumerateArray().ToList();
        Assert.Equal(summary.GetProperty("journeys").GetInt64(), lengths.Sum(l => l.GetProperty("journeys").GetInt64()));
        long conversions = lengths.Sum(l => l.GetProperty("conversions").GetInt64());
        Assert.Equal(summary.GetProperty("converting").GetInt64(), conversions);
        long timed = all.GetProperty("days_to_convert").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64());
        Assert.Equal(conversions, timed + all.GetProperty("conversions_without_times").GetInt64());
        Assert.True(timed > 0);

        var keys = await client.GetFromJsonAsync<JsonElement>("/api/attribution/conversion-keys", Ct);
        Assert.Equal(conversions, keys.EnumerateArray().Sum(k => k.GetProperty("conversions").GetInt64()));   // every demo conversion has a key
        string key = keys[0].GetProperty("key").GetString()!;
        var none = await client.GetFromJsonAsync<JsonElement>("/api/attribution/paths/histograms?conversion_key=no-such-key&from=2020-01-01&to=2020-01-31", Ct);
        Assert.Empty(none.GetProperty("path_lengths").EnumerateArray());
        var one = await client.GetFromJsonAsync<JsonElement>($"/api/attribution/paths/histograms?conversion_key={key}", Ct);
        Assert.Equal(keys[0].GetProperty("conversions").GetInt64(), one.GetProperty("path_lengths").EnumerateArray().Sum(l => l.GetProperty("conversions").GetInt64()));

        var bad = await client.GetAsync("/api/attribution/paths/histograms?from=2026-02-01&to=2026-01-01", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Mapping_IsSuggestedByName_SavedWhole_AndValidated_AndTheComparisonSaysWhatIsMissing()
    {
        var analyst = await app.CreateClientAsync(Roles.Analyst);
        var datasets = await analyst.GetFromJsonAsync<JsonElement>("/api/datasets", Ct);
        string id = datasets.EnumerateArray().First().GetProperty("id").GetString()!;

        var suggested = await analyst.GetFromJsonAsync<JsonElement>($"/api/attribution/mmm-mapping/{id}", Ct);
        Assert.False(suggested.GetProperty("saved").GetBoolean());
        var links = suggested.GetProperty("links").EnumerateArray().ToDictionary(l => l.GetProperty("channel").GetString()!, l => l.GetProperty("spend_column").GetString());
        Assert.Equal("search_spend", links["paid_search"]);
        Assert.Equal("social_spend", links["paid_social"]);
        Assert.Equal("email_spend", links["email"]);
        Assert.Null(links["direct"]);

        var wrong = await analyst.PutAsJsonAsync($"/api/attribution/mmm-mapping/{id}",
            new { links = new[] { new { channel = "email", spend_column = "radio_spend" } } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("links[0].spend_column", await wrong.Content.ReadAsStringAsync(Ct));

        var saved = await analyst.PutAsJsonAsync($"/api/attribution/mmm-mapping/{id}",
            new { links = new object[] { new { channel = "paid_search", spend_column = "search_spend" }, new { channel = "email", spend_column = (string?)null } } }, Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var view = await saved.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(view.GetProperty("saved").GetBoolean());
        var now = view.GetProperty("links").EnumerateArray().ToDictionary(l => l.GetProperty("channel").GetString()!, l => l.GetProperty("spend_column").GetString());
        Assert.Equal("search_spend", now["paid_search"]);
        Assert.Null(now["email"]);          // saved as not compared
        // Not in the saved mapping (e.g. a channel that appeared after the save): suggested by name, and flagged as not saved.
        var social = view.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("channel").GetString() == "paid_social");
        Assert.Equal(("social_spend", false), (social.GetProperty("spend_column").GetString(), social.GetProperty("saved").GetBoolean()));

        // The demo has no fitted MMM run and no stored attribution result of this model: the comparison says so instead of inventing numbers.
        var comparison = await analyst.GetFromJsonAsync<JsonElement>($"/api/attribution/mmm-comparison/{id}?model=linear", Ct);
        Assert.Empty(comparison.GetProperty("rows").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(comparison.GetProperty("missing").GetString()));

        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/api/attribution/mmm-mapping/{Guid.NewGuid()}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync($"/api/attribution/mmm-comparison/{id}?model=nope", Ct)).StatusCode);
        var viewer = await app.CreateClientAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync($"/api/attribution/mmm-mapping/{id}", new { links = Array.Empty<object>() }, Ct)).StatusCode);
    }
}
