using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MeiroMmm.Infrastructure.DataSources;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static MeiroMmm.Tests.DataSources.CdpTestApi;

namespace MeiroMmm.Tests.DataSources;

/// <summary>
/// Expenses (CSV upload and the CDP's expenses endpoint) and the journeys → MMM dataset builder on a hand-computed
/// case, through the real host: journeys arrive by a CDP sync, the sums run in the database.
/// </summary>
public abstract class JourneyDatasetTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : MeiroAppFactory
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private static DateTimeOffset At(int day, int hour = 12) => new(2031, 1, day, hour, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, object?> Conversion(string id, int day, double value, string key = "handcase")
    {
        var record = FakeCdpServer.Record(id, "p-" + id, At(day), value, "email");
        ((Dictionary<string, object?>)record["conversion"]!)["key"] = key;
        return record;
    }

    [Fact]
    public async Task WeeklyPreview_MatchesTheHandComputedSums_AndADailyBuildSavesAnOrdinaryDatasetWithLineage()
    {
        await using var cdp = new FakeCdpServer();
        // Week 6–12 Jan: 3 conversions worth 35; week 13–19: 1 worth 40; 20 Jan is in the dropped tail; 5 Jan before
        // the range; a conversion of another key on 7 Jan is left out by the key filter.
        cdp.Records.AddRange([Conversion("h1", 6, 10), Conversion("h2", 8, 20), Conversion("h3", 12, 5), Conversion("h4", 15, 40),
            Conversion("h5", 20, 100), Conversion("h0", 5, 7), Conversion("other", 7, 1000, key: "signup")]);
        var admin = await app.CreateClientAsync(Roles.Admin);
        var created = await JsonAsync(await admin.PostAsJsonAsync("/api/connectors/meiro", new
        {
            name = "dataset-cdp", base_url = cdp.BaseUrl, endpoint = "conversion-paths", page_size = 50, api_key = FakeCdpServer.ApiKey, expenses_endpoint = "expenses",
        }, Ct), HttpStatusCode.Created);
        int id = created.GetProperty("id").GetInt32();
        Assert.Equal(7, (await SyncAndWaitAsync(admin, id, "full", Ct)).GetProperty("accepted").GetInt32());

        var analyst = await app.CreateClientAsync(Roles.Analyst);
        const string csv = "date,channel,campaign,spend,currency\n2031-01-06,email,,100,EUR\n2031-01-07,email,,50,EUR\n2031-01-14,email,,25,EUR\n" +
            "2031-01-13,search,a,80,EUR\n2031-01-13,search,b,20,EUR\n2031-01-20,search,a,999,EUR\n2031-01-06,search,a,30,USD\n";
        var uploaded = await JsonAsync(await analyst.PostAsync("/api/expenses", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct));
        Assert.Equal(7, uploaded.GetProperty("inserted").GetInt32());
        var again = await JsonAsync(await analyst.PostAsync("/api/expenses", new StringContent(csv.Replace(",50,EUR", ",60,EUR"), Encoding.UTF8, "text/csv"), Ct));
        Assert.Equal(0, again.GetProperty("inserted").GetInt32());
        Assert.Equal(1, again.GetProperty("updated").GetInt32());   // 7 Jan email now 60
        var bad = await analyst.PostAsync("/api/expenses", new StringContent("date,channel,spend,currency\n2031-01-06,email,-1,EUR\n", Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("row 1.spend", await bad.Content.ReadAsStringAsync(Ct));

        // The CDP's expenses endpoint (in GBP, so the EUR sums below stay as uploaded); a second import changes nothing.
        cdp.Expenses.Add(new() { ["date"] = "2031-01-06", ["channel"] = "tv", ["spend"] = 500, ["currency"] = "GBP" });
        cdp.Expenses.Add(new() { ["date"] = "2031-01-07", ["channel"] = "tv", ["campaign"] = "x", ["spend"] = "250.5", ["currency"] = "gbp" });
        Assert.Equal(2, (await JsonAsync(await admin.PostAsync($"/api/connectors/meiro/{id}/expenses/import", null, Ct))).GetProperty("inserted").GetInt32());
        Assert.Equal(0, (await JsonAsync(await admin.PostAsync($"/api/connectors/meiro/{id}/expenses/import", null, Ct))).GetProperty("inserted").GetInt32());
        var summary = await JsonAsync(await analyst.GetAsync("/api/expenses", Ct));
        Assert.Contains(summary.EnumerateArray(), s => s.GetProperty("channel").GetString() == "tv" && s.GetProperty("currency").GetString() == "GBP" && s.GetProperty("spend").GetDouble() == 750.5);

        var request = new { name = "", frequency = "weekly", from = "2031-01-06", to = "2031-01-21", conversion_key = "handcase", channel_mapping = new Dictionary<string, string> { ["search"] = "paid_search" } };
        var ambiguous = await JsonAsync(await analyst.PostAsJsonAsync("/api/data-sources/mmm-dataset/preview", request, Ct));
        Assert.Contains("EUR, GBP, USD", ambiguous.GetProperty("problems")[0].GetProperty("message").GetString());

        var preview = await JsonAsync(await analyst.PostAsJsonAsync("/api/data-sources/mmm-dataset/preview", new
        {
            request.name, request.frequency, request.from, request.to, request.conversion_key, request.channel_mapping, currency = "EUR",
        }, Ct));
        Assert.Equal("2031-01-19", preview.GetProperty("to").GetString());
        Assert.Contains("2 day(s)", preview.GetProperty("note").GetString());
        Assert.Equal(["email", "paid_search"], preview.GetProperty("spend_columns").EnumerateArray().Select(c => c.GetString()));
        var rows = preview.GetProperty("rows");
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal(("2031-01-06", 3, 35.0, 160.0, 0.0), Row(rows[0]));
        Assert.Equal(("2031-01-13", 1, 40.0, 25.0, 100.0), Row(rows[1]));
        // The upload's validator speaks: two weeks are too few periods for a model.
        Assert.Contains(preview.GetProperty("problems").EnumerateArray(), p => p.GetProperty("message").GetString()!.Contains("too few"));

        // Daily over 6–19 Jan (14 periods) is fittable and saved as an ordinary dataset.
        var saved = await JsonAsync(await analyst.PostAsJsonAsync("/api/data-sources/mmm-dataset", new
        {
            name = "Journeys Jan 2031", frequency = "daily", from = "2031-01-06", to = "2031-01-19", conversion_key = "handcase", currency = "EUR", request.channel_mapping,
        }, Ct), HttpStatusCode.Created);
        var datasetId = Guid.Parse(saved.GetProperty("dataset").GetProperty("id").GetString()!);
        var detail = (await app.Services.GetRequiredService<DatasetStore>().GetAsync(datasetId, Ct))!;
        Assert.Equal("cdp", detail.Summary.Origin);
        Assert.Equal(14, detail.Summary.RowCount);
        Assert.Equal(["conversions", "conversion_value"], detail.Summary.Kpis);
        Assert.Equal(35.0 + 40, detail.Data.Kpis.Single(k => k.Name == "conversion_value").Values.Sum());
        Assert.Equal(160.0 + 25, detail.Data.Channels.Single(c => c.Name == "email").Values.Sum());
        Assert.Equal(10.0, detail.Data.Kpis.Single(k => k.Name == "conversion_value").Values[0]);   // 6 Jan
        var lineage = (await app.Services.GetRequiredService<JourneyDatasetBuilder>().LineageAsync(datasetId, Ct))!;
        Assert.Equal((new DateOnly(2031, 1, 6), new DateOnly(2031, 1, 19), "handcase", "EUR", 4), (lineage.From, lineage.To, lineage.ConversionKey, lineage.Currency, lineage.Journeys));
    }

    private static (string, int, double, double, double) Row(JsonElement row) => (
        row.GetProperty("date").GetString()!, row.GetProperty("conversions").GetInt32(), row.GetProperty("conversion_value").GetDouble(),
        row.GetProperty("spend").GetProperty("email").GetDouble(), row.GetProperty("spend").GetProperty("paid_search").GetDouble());
}

public sealed class JourneyDatasetSqliteTests(CdpAppFactory app) : JourneyDatasetTests<CdpAppFactory>(app);

public sealed class JourneyDatasetPostgresTests(CdpPostgresAppFactory app) : JourneyDatasetTests<CdpPostgresAppFactory>(app);
