using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Api;

/// <summary>/api/attribution on the real host with the seeded demo journeys: upload, runs, stored results, paths.</summary>
public sealed class AttributionApiTests(AttributionApiTests.SmallUploadApp app) : IClassFixture<AttributionApiTests.SmallUploadApp>
{
    /// <summary>The app with a 4 KB upload limit, so the limit can be crossed with a small body.</summary>
    public sealed class SmallUploadApp : MeiroAppFactory
    {
        public SmallUploadApp() => Settings["Attribution:MaxUploadBytes"] = "4096";
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Journeys = """
        {"customer_id":"api-1","touchpoints":[{"channel":"email","timestamp":"2026-09-01T10:00:00Z"},{"channel":"paid_search","timestamp":"2026-09-02T10:00:00Z"}],"conversion_value":120,"conversion_id":"api-order-1","conversion_ts":"2026-09-02T12:00:00Z"}
        {"customer_id":"api-2","touchpoints":[{"channel":"display","timestamp":"2026-09-03T10:00:00Z"}],"converted":false}
        {"customer_id":"api-3","touchpoints":[{"channel":"email","timestamp":"not a time"}],"conversion_id":"api-order-3"}
        """;

    private static MultipartFormDataContent File(string text, string name = "journeys.jsonl")
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        content.Add(file, "file", name);
        return content;
    }

    [Fact]
    public async Task Upload_StoresGoodJourneys_ReportsRejects_AndCountsAReUploadAsDuplicates()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var response = await client.PostAsync("/api/attribution/journeys/upload", File(Journeys), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((3, 2, 1, 0), (summary.GetProperty("records").GetInt32(), summary.GetProperty("accepted").GetInt32(),
            summary.GetProperty("rejected").GetInt32(), summary.GetProperty("duplicates").GetInt32()));
        var reject = summary.GetProperty("rejects")[0];
        Assert.Equal((3, 3, "touchpoints[0].timestamp"), (reject.GetProperty("record").GetInt32(), reject.GetProperty("line").GetInt32(), reject.GetProperty("field").GetString()));

        var again = await (await client.PostAsync("/api/attribution/journeys/upload", File(Journeys), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((0, 2), (again.GetProperty("accepted").GetInt32(), again.GetProperty("duplicates").GetInt32()));

        // The raw body works too (curl --data-binary), CSV by content type.
        var csv = new StringContent("customer_id,channel,conversion_value,conversion_id\napi-4,direct,10,api-order-4\n", Encoding.UTF8, "text/csv");
        var raw = await (await client.PostAsync("/api/attribution/journeys/upload", csv, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(1, raw.GetProperty("accepted").GetInt32());

        var overview = await client.GetFromJsonAsync<JsonElement>("/api/attribution/journeys", Ct);
        Assert.Equal(3003, overview.GetProperty("summary").GetProperty("journeys").GetInt32());   // 3000 demo + 3
        Assert.Contains("display", overview.GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("channel").GetString()));
    }

    [Fact]
    public async Task Upload_OverTheSizeLimit_Answers413()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        string big = string.Concat(Enumerable.Repeat(Journeys.Split('\n')[0] + "\n", 30));   // ≈ 7 KB > 4 KB
        var response = await client.PostAsync("/api/attribution/journeys/upload", File(big), Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("4,096 bytes", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task RunAll_StoresEveryModelWithItsSettings_AndResultsCompareThem()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var response = await client.PostAsJsonAsync("/api/attribution/run-all",
            new { windows = new { click_lookback_days = 14 }, eligibility = new { exclude_channels = new[] { "unknown" } }, order = 2 }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(7, body.GetProperty("results").GetArrayLength());
        foreach (var result in body.GetProperty("results").EnumerateArray())
        {
            double total = result.GetProperty("result").GetProperty("total_conversions").GetDouble();
            double credited = result.GetProperty("result").GetProperty("channels").EnumerateArray().Sum(c => c.GetProperty("conversions").GetDouble());
            Assert.Equal(total, credited, 1e-9 * total);   // the sum rule, model by model
            Assert.DoesNotContain("unknown", result.GetProperty("result").GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("channel").GetString()));
        }
        Assert.True(body.GetProperty("comparison").GetArrayLength() > 3);

        var markov = await client.GetFromJsonAsync<JsonElement>("/api/attribution/results/markov", Ct);
        var settings = markov.GetProperty("settings");
        Assert.Equal(14, settings.GetProperty("windows").GetProperty("click_lookback_days").GetDouble());
        Assert.Equal(7, settings.GetProperty("windows").GetProperty("impression_lookback_days").GetDouble());
        Assert.Equal(2, settings.GetProperty("parameters").GetProperty("markov_order").GetInt32());
        Assert.Equal("unknown", settings.GetProperty("eligibility").GetProperty("exclude_channels")[0].GetString());
        Assert.True(markov.GetProperty("result").GetProperty("removal_effects").EnumerateObject().Any());
        // Fields left out came from the demo's active model config, and the run records which version that was.
        var active = await client.GetFromJsonAsync<JsonElement>("/api/model-configs/active?conversion_key=purchase", Ct);
        Assert.Equal(active.GetProperty("id").GetInt32(), settings.GetProperty("model_config_id").GetInt32());

        var latest = await client.GetFromJsonAsync<JsonElement>("/api/attribution/results", Ct);
        Assert.Equal(7, latest.GetProperty("results").GetArrayLength());

        var viewer = await app.CreateClientAsync(Roles.Viewer);
        var models = await viewer.GetFromJsonAsync<JsonElement>("/api/attribution/models", Ct);
        Assert.Equal(7, models.GetArrayLength());
    }

    [Fact]
    public async Task Roi_IsAttributedValueOverTheSameNamedChannelsExpenses()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        // Expenses on two days and two campaigns for email, one row for "Paid Search" (the same words as paid_search), and
        // display in two currencies (no ROI: journey values carry no currency).
        const string csv = "date,channel,campaign,spend,currency\n2026-09-01,email,,100,EUR\n2026-09-02,email,spring,50,EUR\n" +
            "2026-09-01,Paid Search,,300,EUR\n2026-09-01,display,,10,EUR\n2026-09-01,display,,10,USD\n";
        var upload = await client.PostAsync("/api/expenses", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);

        var body = await (await client.PostAsJsonAsync("/api/attribution/run-all", new { }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(body.GetProperty("results")[0].GetProperty("settings").GetProperty("from").ValueKind == JsonValueKind.Null);   // all dates: all expenses count
        var roi = body.GetProperty("roi").EnumerateArray().ToDictionary(r => r.GetProperty("channel").GetString()!);
        var models = body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("model").GetString()!).ToList();
        foreach (var (channel, expense, spend) in new[] { ("email", "email", 150.0), ("paid_search", "Paid Search", 300.0) })
        {
            var row = roi[channel];
            Assert.Equal((expense, "EUR"), (row.GetProperty("expense_channel").GetString(), row.GetProperty("currency").GetString()));
            foreach (var (m, i) in row.GetProperty("models").EnumerateArray().Select((m, i) => (m, i)))
            {
                Assert.Equal(models[i], m.GetProperty("model").GetString());
                double value = body.GetProperty("results")[i].GetProperty("result").GetProperty("channels").EnumerateArray()
                    .Single(c => c.GetProperty("channel").GetString() == channel).GetProperty("value").GetDouble();
                Assert.Equal(spend, m.GetProperty("spend").GetDouble(), 9);
                Assert.Equal(value / spend, m.GetProperty("roi").GetDouble(), 9);
            }
        }
        Assert.Contains("several currencies", roi["display"].GetProperty("note").GetString());
        Assert.All(roi["display"].GetProperty("models").EnumerateArray(), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("roi").ValueKind));
        Assert.Contains(roi.Values, r => r.GetProperty("expense_channel").ValueKind == JsonValueKind.Null);   // e.g. organic channels: no expenses
    }

    [Fact]
    public async Task Shapley_ConversionRateGame_IsAnOption_AndKeepsTheSumRule()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var set = await (await client.PostAsJsonAsync("/api/attribution/run?model=shapley", new { }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var rate = await (await client.PostAsJsonAsync("/api/attribution/run?model=shapley", new { shapley_game = "conversion_rate" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("set", set.GetProperty("settings").GetProperty("parameters").GetProperty("shapley_game").GetString());
        Assert.Equal("conversion_rate", rate.GetProperty("settings").GetProperty("parameters").GetProperty("shapley_game").GetString());
        double total = rate.GetProperty("result").GetProperty("total_conversions").GetDouble();
        Assert.Equal(total, rate.GetProperty("result").GetProperty("channels").EnumerateArray().Sum(c => c.GetProperty("conversions").GetDouble()), 1e-9 * total);
        // Every channel set weighs the same in the conversion-rate game, so the split differs from the set game's.
        Assert.NotEqual(set.GetProperty("result").GetProperty("channels")[0].GetProperty("conversions").GetDouble(),
            rate.GetProperty("result").GetProperty("channels").EnumerateArray()
                .Single(c => c.GetProperty("channel").GetString() == set.GetProperty("result").GetProperty("channels")[0].GetProperty("channel").GetString())
                .GetProperty("conversions").GetDouble(), 6);
        var bad = await client.PostAsJsonAsync("/api/attribution/run?model=shapley", new { shapley_game = "permutations" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("shapley_game", await bad.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Run_WithAnUnknownModelOrBadWindows_Answers400NamingTheField()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var unknown = await client.PostAsJsonAsync("/api/attribution/run?model=magic", new { }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("model", (await unknown.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Select(p => p.Name));

        var bad = await client.PostAsJsonAsync("/api/attribution/run?model=linear", new { windows = new { click_lookback_days = -3 }, first_share = 0.9, last_share = 0.5 }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var fields = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("windows.click_lookback_days", fields);
        Assert.Contains("first_share", fields);

        var single = await client.PostAsync("/api/attribution/run?model=last_touch", null, Ct);   // no body: defaults
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal("last_touch", (await single.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("model").GetString());
    }

    [Fact]
    public async Task Paths_ListTopPathsWithRates_AndRejectABadLimit()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var paths = await client.GetFromJsonAsync<JsonElement>("/api/attribution/paths?limit=5", Ct);
        Assert.Equal(5, paths.GetProperty("top_paths").GetArrayLength());
        var top = paths.GetProperty("top_paths")[0];
        long journeys = top.GetProperty("journeys").GetInt64(), conversions = top.GetProperty("conversions").GetInt64();
        Assert.Equal((double)conversions / journeys, top.GetProperty("conversion_rate").GetDouble(), 12);
        Assert.True(paths.GetProperty("journeys").GetInt64() >= 3000);
        Assert.True(paths.GetProperty("removal_effects").EnumerateObject().Any());
        // Every converting journey has one last touch: the last-touch counts add up to the conversions.
        var assists = paths.GetProperty("assists").EnumerateArray().ToList();
        Assert.Equal(paths.GetProperty("conversions").GetDouble(), assists.Sum(a => a.GetProperty("last_touch_conversions").GetDouble()), 6);
        Assert.Contains(assists, a => a.GetProperty("assisted_conversions").GetDouble() > 0 && a.TryGetProperty("assist_ratio", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/attribution/paths?limit=0", Ct)).StatusCode);
    }
}
