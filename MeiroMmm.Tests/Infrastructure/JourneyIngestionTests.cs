using System.Security.Cryptography;
using System.Text;
using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Attribution.Ingestion;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>Journey uploads into a real, migrated SQLite file with the default taxonomy: readers, rejects, dedup, aggregates.</summary>
public sealed class JourneyIngestionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<ServiceProvider> ServicesAsync(DatabaseSettings? server = null)
    {
        var services = new ServiceCollection();
        if (server is null) await services.AddSeededPersistenceAsync(seedDemo: false);
        else services.AddLogging().AddSingleton(server).AddMeiroPersistence();
        var provider = services.BuildServiceProvider();
        if (server is not null) await provider.GetRequiredService<DatabaseInitializer>().MigrateAsync(Ct);
        await using var db = await provider.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct);
        db.ChannelRules.AddRange(DefaultTaxonomy.Rules.Select(r => r with { }));
        await db.SaveChangesAsync(Ct);
        return provider;
    }

    private static Task<IngestionSummary> UploadAsync(ServiceProvider services, string text, JourneyFileFormat format = JourneyFileFormat.Json) =>
        services.GetRequiredService<JourneyIngestion>().IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), format, "upload", 100, null, Ct);

    private static async Task<List<T>> RowsAsync<T>(ServiceProvider services, Func<MeiroDbContext, IQueryable<T>> query)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct);
        return await query(db).ToListAsync(Ct);
    }

    private const string MixedJsonLines = """
        {"customer_id":"c1","touchpoints":[{"channel":"email","timestamp":"2026-01-01T10:00:00Z"}],"conversion_value":10,"conversion_id":"o1","conversion_ts":"2026-01-02T00:00:00Z"}

        {"customer_id":"c2","touchpoints":[{"channel":"display","timestamp":"yesterday"}]}
        {"touchpoints":[{"channel":"a"}]}
        this is not json
        {"profile_id":"c3","touchpoints":[{"channel":"ads","source":"google","medium":"cpc"}],"converted":false}
        {"id":"c4","touchpoints":[{"channel":"x"}],"conversion_value":-5}
        {"customer_id":"c5","touchpoints":[{}]}
        {"customer_id":"c6","touchpoints":{"channel":"x"}}
        {"customer_id":"c7","touchpoints":[{"channel":"x"}],"converted":"maybe"}
        """;

    [Fact]
    public async Task JsonLines_KeepsGoodRecords_AndRejectsEachBadOneWithLineAndField()
    {
        await using var services = await ServicesAsync();
        var summary = await UploadAsync(services, MixedJsonLines);

        Assert.Equal((9, 2, 7, 0), (summary.Records, summary.Accepted, summary.Rejected, summary.Duplicates));
        // The blank line 2 is no record, so record numbers lag the line numbers after it.
        Assert.Equal(
            [(2, 3, "touchpoints[0].timestamp"), (3, 4, "customer_id"), (4, 5, "(line)"), (6, 7, "conversion_value"),
             (7, 8, "touchpoints[0].channel"), (8, 9, "touchpoints"), (9, 10, "converted")],
            summary.Rejects.Select(r => (r.Record, r.Line ?? 0, r.Field)));
        var stored = await RowsAsync(services, db => db.ConversionPaths.OrderBy(p => p.ProfileId));
        Assert.Equal(["c1", "c3"], stored.Select(p => p.ProfileId));
        // c3 has source/medium: the taxonomy's channel wins over the file's "ads".
        Assert.Equal("paid_search", stored[1].ChannelPath);
        Assert.Equal(1, summary.ChannelsFromTaxonomy);
        Assert.False(stored[1].Converted);
        Assert.Equal("o1", stored[0].ConversionId);
    }

    [Theory]
    [InlineData(1)]               // row by row, each batch in its own transaction
    [InlineData(0)]               // the bulk load from the first row
    public async Task NonAsciiText_AndRowsLongerThanTheBindBuffer_AreStoredExactly(int bulkAfterRows)
    {
        // Text is bound as UTF-8 from a 64 KB buffer per statement; a longer row falls back to SQLite copying it.
        await using var services = await ServicesAsync();
        string longCampaign = new('é', 150);
        var touches = Enumerable.Range(0, 400).Select(i => $$"""{"channel":"email","timestamp":"2026-01-01T10:{{i % 60:00}}:00Z","campaign":"{{longCampaign}}{{i}}"}""");
        string file = string.Join('\n',
            """{"customer_id":"Zoë 日本 🙂","touchpoints":[{"channel":"Ünïcödé — 日本","timestamp":"2026-01-01T10:00:00Z","campaign":"ça va"}],"conversion_id":"ö-1","conversion_ts":"2026-01-02T00:00:00Z"}""",
            $$"""{"customer_id":"long","touchpoints":[{{string.Join(",", touches)}}],"conversion_id":"long-1","conversion_ts":"2026-01-03T00:00:00Z"}""");
        var ingestion = BulkIngestion(services, bulkAfterRows);
        var summary = await ingestion.IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes(file)), JourneyFileFormat.Json, "upload", 10, null, Ct);
        Assert.Equal(2, summary.Accepted);

        var stored = await RowsAsync(services, db => db.ConversionPaths.OrderBy(p => p.ConversionId));
        Assert.Equal(["long-1", "ö-1"], stored.Select(p => p.ConversionId));
        Assert.True(Encoding.UTF8.GetByteCount(stored[0].PathJson) > 1 << 16);
        Assert.Equal(400, ConversionPathMapper.ReadTouchpoints(stored[0].PathJson).Count);
        Assert.Equal(longCampaign + "399", ConversionPathMapper.ReadTouchpoints(stored[0].PathJson)[^1].Campaign);
        Assert.Equal(("Zoë 日本 🙂", "Ünïcödé — 日本"), (stored[1].ProfileId, stored[1].ChannelPath));
        Assert.Equal("ça va", ConversionPathMapper.ReadTouchpoints(stored[1].PathJson)[0].Campaign);
        await ingestion.CheckpointDone;
    }

    [Fact]
    public async Task JsonLines_WrongTypesAnywhere_AreNamed_UnknownFieldsAreSkipped_TrailingTextIsNotJson()
    {
        await using var services = await ServicesAsync();
        var summary = await UploadAsync(services, """
            {"customer_id":{"a":1},"touchpoints":[{"channel":"email"}]}
            {"touchpoints":[1,{"channel":"x"}],"customer_id":"c2"}
            {"customer_id":"c3","touchpoints":[{"channel":"email","campaign":["a","b"]}]}
            {"extra":{"deep":[1,2,{"x":null}]},"customer_id":12345,"touchpoints":[{"channel":"email","note":{"k":[]}}],"conversion_value":2.50,"conversion_id":"n1"}
            {"customer_id":"c5","touchpoints":[{"channel":"email"}]} trailing
            ["not","an","object"]
            {"customer_id":"c7","touchpoints":[{"channel":"sms","timestamp":"2026-01-01T00:00:00Z"}],"conversion_id":"n2","conversion_ts":null,"touchpoints_extra":1}
            """);
        Assert.Equal((7, 2, 5), (summary.Records, summary.Accepted, summary.Rejected));
        Assert.Equal(
            [(1, "customer_id", "must be a single value, not an object."), (2, "touchpoints[0]", "must be an object, not a number."),
             (3, "touchpoints[0].campaign", "must be a single value, not a list.")],
            summary.Rejects.Take(3).Select(r => (r.Line ?? 0, r.Field, r.Message)));
        Assert.Equal((5, "(line)"), (summary.Rejects[3].Line ?? 0, summary.Rejects[3].Field));
        Assert.StartsWith("not valid JSON", summary.Rejects[3].Message);
        Assert.Equal((6, "(record)", "must be a JSON object, not a list."), (summary.Rejects[4].Line ?? 0, summary.Rejects[4].Field, summary.Rejects[4].Message));
        var stored = await RowsAsync(services, db => db.ConversionPaths.OrderBy(p => p.ConversionId));
        Assert.Equal([("n1", "12345", 2.5), ("n2", "c7", 0.0)], stored.Select(p => (p.ConversionId, p.ProfileId, p.ConversionValue)));
    }

    [Fact]
    public async Task JsonLines_ReadInParallelChunks_KeepFileOrder_ForRecordNumbersLinesAndFirstOfTwoDuplicates()
    {
        await using var services = await ServicesAsync();
        // 6,500 lines across four chunks of 2,000 records: a blank line every 500th, a bad record every 1,000th, and
        // line 6,400 repeating line 10's journey with another value (the first one must be the one kept).
        var text = new StringBuilder();
        var expectedRejects = new List<(int Record, int Line)>();
        int record = 0;
        for (int line = 1; line <= 6_500; line++)
        {
            if (line % 500 == 0) { text.Append('\n'); continue; }
            record++;
            if (line % 1_000 == 1) { text.Append("{\"customer_id\":\"bad\",\"touchpoints\":[]}\n"); expectedRejects.Add((record, line)); continue; }
            int id = line == 6_400 ? 10 : line;
            int value = line == 6_400 ? 999 : line;
            text.Append($$"""{"customer_id":"c{{id}}","touchpoints":[{"channel":"email"}],"conversion_id":"o{{id}}","conversion_value":{{value}}}""").Append('\n');
        }
        var summary = await UploadAsync(services, text.ToString());
        Assert.Equal(expectedRejects, summary.Rejects.Select(r => (r.Record, r.Line ?? 0)));
        Assert.Equal((record, record - expectedRejects.Count - 1, 1), (summary.Records, summary.Accepted, summary.Duplicates));
        var kept = (await RowsAsync(services, db => db.ConversionPaths.Where(p => p.ConversionId == "o10"))).Single();
        Assert.Equal(10, kept.ConversionValue);
    }

    [Fact]
    public async Task JsonArray_RejectsByIndex_AndStopsAtASyntaxError()
    {
        await using var services = await ServicesAsync();
        var summary = await UploadAsync(services, """
            [ {"customer_id":"a","touchpoints":[{"channel":"email"}],"conversion_id":"x1"},
              {"customer_id":5,"touchpoints":[]},
              7,
              {"customer_id":"b","touchpoints":[{"channel":"direct"}],"conversion_id":"x2"} ]
            """);
        Assert.Equal((4, 2, 2), (summary.Records, summary.Accepted, summary.Rejected));
        Assert.Equal([(2, "touchpoints"), (3, "(record)")], summary.Rejects.Select(r => (r.Record, r.Field)));

        var broken = await UploadAsync(services, """[ {"customer_id":"c","touchpoints":[{"channel":"email"}],"conversion_id":"x3"}, {"customer_id": """);
        Assert.Equal(1, broken.Accepted);
        Assert.Equal("(file)", Assert.Single(broken.Rejects).Field);
    }

    [Fact]
    public async Task Csv_GroupsConsecutiveRowsIntoJourneys_AndNamesTheBadRow()
    {
        await using var services = await ServicesAsync();
        var summary = await UploadAsync(services, """
            journey_id,customer_id,channel,timestamp,conversion_value,conversion_id,conversion_ts,converted
            j1,c1,email,2026-01-01T00:00:00Z,20,o1,2026-01-03T00:00:00Z,true
            j1,c1,paid_search,2026-01-02T00:00:00Z,,,,
            j2,c2,display,2026-01-05T00:00:00Z,0,,,false
            j3,c3,direct,not-a-date,5,o3,,
            j2,c2,email,2026-01-06T00:00:00Z,0,,,false
            """, JourneyFileFormat.Csv);

        Assert.Equal((4, 2, 2), (summary.Records, summary.Accepted, summary.Rejected));
        Assert.Equal([(3, 5, "touchpoints[0].timestamp"), (4, 6, "journey_id")], summary.Rejects.Select(r => (r.Record, r.Line ?? 0, r.Field)));
        var stored = await RowsAsync(services, db => db.ConversionPaths.OrderBy(p => p.ProfileId));
        Assert.Equal(["email > paid_search", "display"], stored.Select(p => p.ChannelPath));
        Assert.Equal((20.0, true, 2), (stored[0].ConversionValue, stored[0].Converted, stored[0].PathLength));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), stored[0].FirstTouchTs);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), stored[0].LastTouchTs);
        Assert.False(stored[1].Converted);
    }

    [Fact]
    public async Task ReUpload_CountsNothingTwice_ByConversionIdOrContentHash()
    {
        await using var services = await ServicesAsync();
        const string file = """
            {"customer_id":"c1","touchpoints":[{"channel":"email","timestamp":"2026-01-01T00:00:00Z"}],"conversion_value":10,"conversion_id":"o1","conversion_ts":"2026-01-02T00:00:00Z"}
            {"customer_id":"c2","touchpoints":[{"channel":"display","timestamp":"2026-01-01T00:00:00Z"}],"converted":false}
            {"customer_id":"c2","touchpoints":[{"channel":"display","timestamp":"2026-01-01T00:00:00Z"}],"converted":false}
            """;
        var first = await UploadAsync(services, file);
        Assert.Equal((2, 1), (first.Accepted, first.Duplicates));   // the third line repeats the second within the file

        var again = await UploadAsync(services, file);
        Assert.Equal((0, 3), (again.Accepted, again.Duplicates));

        // The same journey without a conversion id, now as CSV: the content hash is format-independent.
        var csv = await UploadAsync(services, """
            customer_id,channel,timestamp,converted
            c2,display,2026-01-01T00:00:00Z,false
            """, JourneyFileFormat.Csv);
        Assert.Equal((0, 1), (csv.Accepted, csv.Duplicates));

        var paths = await RowsAsync(services, db => db.ConversionPaths);
        Assert.Equal(2, paths.Count);
        Assert.StartsWith("sha256:", paths.Single(p => p.ProfileId == "c2").ConversionId);
        var aggregates = await RowsAsync(services, db => db.PathAggregates);
        Assert.Equal(1, aggregates.Sum(a => a.Conversions));
        Assert.Equal(1, aggregates.Sum(a => a.NonConversions));
    }

    [Fact]
    public async Task ContentHash_OfJourneysWithoutAConversionId_IsTheRecipeTheStoredIdsWereMadeWith()
    {
        await using var services = await ServicesAsync();
        var summary = await UploadAsync(services, """
            {"customer_id":"ü-1","touchpoints":[{"channel":"ads","source":"google","medium":"cpc","campaign":"brand","timestamp":"2026-01-01T10:00:00+02:00","event_type":"click"},{"channel":" email "}],"conversion_value":12.345,"conversion_ts":"2026-01-02T00:00:00Z","kpi_type":"purchase"}
            {"customer_id":"c2","touchpoints":[{"channel":"display"}],"converted":false}
            {"customer_id":"c3","touchpoints":[{"channel":"push","timestamp":"2026-02-03T04:05:06.789Z"}],"conversion_value":1e-7}
            """);
        Assert.Equal(3, summary.Accepted);
        var ids = (await RowsAsync(services, db => db.ConversionPaths)).ToDictionary(p => p.ProfileId, p => p.ConversionId);
        var at = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
        // The file's own channel ("ads"), not the taxonomy's (paid_search), and trimmed.
        Assert.Equal(ReferenceContentHash("ü-1", true, 12.345, new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), "purchase",
            [("ads", at, "brand", "google", "cpc", "click"), ("email", null, null, null, null, null)]), ids["ü-1"]);
        Assert.Equal(ReferenceContentHash("c2", false, 0, null, null, [("display", null, null, null, null, null)]), ids["c2"]);
        Assert.Equal(ReferenceContentHash("c3", true, 1e-7, null, null,
            [("push", new DateTimeOffset(2026, 2, 3, 4, 5, 6, 789, TimeSpan.Zero), null, null, null, null)]), ids["c3"]);
    }

    /// <summary>How the content hash was first computed (a StringBuilder, then UTF-8): the ids already stored depend on it.</summary>
    private static string ReferenceContentHash(string customer, bool converted, double value, DateTimeOffset? conversionTs, string? key,
        (string Channel, DateTimeOffset? At, string? Campaign, string? Source, string? Medium, string? EventType)[] touches)
    {
        var text = new StringBuilder(256);
        text.Append(customer).Append('\u001f').Append(converted ? '1' : '0').Append('\u001f')
            .Append(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append('\u001f')
            .Append(conversionTs?.UtcTicks).Append('\u001f').Append(key);
        foreach (var t in touches)
            text.Append('\u001e').Append(t.Channel).Append('\u001f').Append(t.At?.UtcTicks).Append('\u001f')
                .Append(t.Campaign).Append('\u001f').Append(t.Source).Append('\u001f').Append(t.Medium).Append('\u001f').Append(t.EventType);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    [Fact]
    public async Task PathAggregates_AndPathAnalysis_MatchAHandCount()
    {
        await using var services = await ServicesAsync();
        await UploadAsync(services, """
            {"customer_id":"c1","touchpoints":[{"channel":"email","timestamp":"2026-01-01T00:00:00Z"},{"channel":"paid_search","timestamp":"2026-01-02T00:00:00Z"}],"conversion_value":30,"conversion_id":"o1","conversion_ts":"2026-01-03T00:00:00Z"}
            {"customer_id":"c2","touchpoints":[{"channel":"email","timestamp":"2026-01-02T12:00:00Z"},{"channel":"paid_search","timestamp":"2026-01-03T00:00:00Z"}],"conversion_value":10,"conversion_id":"o2","conversion_ts":"2026-01-03T12:00:00Z"}
            {"customer_id":"c3","touchpoints":[{"channel":"email","timestamp":"2026-01-02T00:00:00Z"},{"channel":"paid_search","timestamp":"2026-01-03T05:00:00Z"}],"converted":false}
            {"customer_id":"c4","touchpoints":[{"channel":"display","timestamp":"2026-01-03T00:00:00Z"}],"conversion_value":5,"conversion_id":"o4","conversion_ts":"2026-01-04T00:00:00Z"}
            """);

        // email > paid_search on 3 Jan: 2 conversions (30 + 10), 1 non-conversion, time to convert 2 + 1 days.
        // display on 4 Jan: 1 conversion worth 5.
        string emailSearch = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("email > paid_search")));
        var aggregates = (await RowsAsync(services, db => db.PathAggregates)).OrderBy(a => a.Date).ToList();
        Assert.Equal(2, aggregates.Count);
        var a = aggregates[0];
        Assert.Equal((new DateOnly(2026, 1, 3), emailSearch, 2L, 1L, 40.0, 3.0, 2L, 2),
            (a.Date, a.PathHash, a.Conversions, a.NonConversions, a.Value, a.TimeToConvertDaysSum, a.TimeToConvertCount, a.PathLength));
        Assert.Equal((new DateOnly(2026, 1, 4), "display", 1L, 0L, 5.0), (aggregates[1].Date, aggregates[1].ChannelPath, aggregates[1].Conversions, aggregates[1].NonConversions, aggregates[1].Value));

        var analysis = await services.GetRequiredService<PathAnalysisService>().AnalyzeAsync(10, null, null, Ct);
        Assert.Equal((2, 4L, 3L, 45.0), (analysis.DistinctPaths, analysis.Journeys, analysis.Conversions, analysis.Value));
        var top = analysis.TopPaths[0];
        Assert.Equal(("email > paid_search", 3L, 2.0 / 3), (top.Path, top.Journeys, top.ConversionRate));
        Assert.Equal(1.5, top.AverageDaysToConvert!.Value, 12);
        Assert.Equal([(1, 1L, 1L), (2, 3L, 2L)], analysis.Lengths.Select(l => (l.Length, l.Journeys, l.Conversions)));
        // Order-1 Markov on the aggregates: P(conv) = 3/4. Without email (or paid_search) only display converts: 1/4,
        // so RE = 1 − (1/4)/(3/4) = 2/3; without display: 2/4, RE = 1/3.
        Assert.Equal(2.0 / 3, analysis.RemovalEffects["email"], 9);
        Assert.Equal(1.0 / 3, analysis.RemovalEffects["display"], 9);
        Assert.Equal(0.75, analysis.Transitions["(start)"]["email"], 12);
        // Assisted vs last touch: paid_search closes both email > paid_search conversions, email assists them, display closes its own.
        Assert.Equal([("email", 0.0, 2.0), ("paid_search", 2.0, 0.0), ("display", 1.0, 0.0)],
            analysis.Assists.Select(x => (x.Channel, x.LastTouchConversions, x.AssistedConversions)));

        // A date range keeps only the days inside it.
        var fourth = await services.GetRequiredService<PathAnalysisService>().AnalyzeAsync(10, new DateOnly(2026, 1, 4), null, Ct);
        Assert.Equal("display", Assert.Single(fourth.TopPaths).Path);
    }

    [Fact]
    public async Task OnPostgres_BinaryCopy_StoresEveryColumn_AddsToExistingAggregates_AndReUploadDedups()
    {
        await using var services = await ServicesAsync(await TestDatabase.NewPostgresAsync());
        const string first = """
            {"customer_id":"c1","touchpoints":[{"channel":"email","timestamp":"2026-01-01T10:00:00+02:00"},{"channel":"paid_search","timestamp":"2026-01-02T00:00:00Z"}],"conversion_value":30.5,"conversion_id":"o1","conversion_ts":"2026-01-03T00:00:00Z","kpi_type":"purchase"}
            {"customer_id":"c2","touchpoints":[{"channel":"display"}],"converted":false}
            """;
        var one = await UploadAsync(services, first);
        Assert.Equal((2, 0, 0), (one.Accepted, one.Rejected, one.Duplicates));

        // A second file: o1 again (duplicate), the same path as o1 on the same day (adds to that aggregate row), a bad record.
        var two = await UploadAsync(services, """
            {"customer_id":"c1","touchpoints":[{"channel":"email"}],"conversion_id":"o1"}
            {"customer_id":"c3","touchpoints":[{"channel":"email","timestamp":"2026-01-02T00:00:00Z"},{"channel":"paid_search","timestamp":"2026-01-02T12:00:00Z"}],"conversion_value":9.5,"conversion_id":"o3","conversion_ts":"2026-01-03T12:00:00Z"}
            {"customer_id":"c4","touchpoints":[]}
            """);
        Assert.Equal((1, 1, 1), (two.Accepted, two.Rejected, two.Duplicates));
        var again = await UploadAsync(services, first);
        Assert.Equal((0, 2), (again.Accepted, again.Duplicates));

        var paths = (await RowsAsync(services, db => db.ConversionPaths)).OrderBy(p => p.ProfileId).ToList();
        Assert.Equal(["c1", "c2", "c3"], paths.Select(p => p.ProfileId));
        var o1 = paths[0];
        Assert.Equal(("o1", "purchase", true, 30.5, "email > paid_search", 2, new DateOnly(2026, 1, 3), "upload"),
            (o1.ConversionId, o1.ConversionKey, o1.Converted, o1.ConversionValue, o1.ChannelPath, o1.PathLength, o1.JourneyDate, o1.Origin));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero), o1.FirstTouchTs);   // +02:00 stored as the same instant
        Assert.Equal(new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero), o1.ConversionTs);
        Assert.Null(paths[1].FirstTouchTs);
        Assert.Null(paths[1].ConversionKey);
        Assert.Contains("\"channel\":\"email\"", o1.PathJson);

        var aggregates = (await RowsAsync(services, db => db.PathAggregates)).OrderBy(a => a.ChannelPath).ToList();
        Assert.Equal(2, aggregates.Count);
        var display = aggregates[0];
        Assert.Equal(("display", 0L, 1L), (display.ChannelPath, display.Conversions, display.NonConversions));
        // email > paid_search on 3 Jan: o1 (30.5, 1 day 16 h from first touch) + o3 (9.5, 1.5 days).
        var emailSearch = aggregates[1];
        Assert.Equal((new DateOnly(2026, 1, 3), 2L, 0L, 40.0, 2L), (emailSearch.Date, emailSearch.Conversions, emailSearch.NonConversions, emailSearch.Value, emailSearch.TimeToConvertCount));
        Assert.Equal(40.0 / 24 + 1.5, emailSearch.TimeToConvertDaysSum, 9);
    }

    /// <summary>12,000 journeys over 9 channels and 40 days: a third without a conversion id, a quarter not converting.</summary>
    private static string ManyJourneys(int count, int offset = 0)
    {
        string[] channels = ["email", "paid_search", "display", "direct", "affiliate", "video", "push", "sms", "paid_social"];
        var lines = new StringBuilder();
        for (int i = offset; i < offset + count; i++)
        {
            int length = 1 + i % 5;
            var day = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i % 40).AddHours(i % 11);
            var touches = Enumerable.Range(0, length).Select(k =>
                $$"""{"channel":"{{channels[(i * 7 + k * 3) % channels.Length]}}","timestamp":"{{day.AddHours(k * 5):yyyy-MM-ddTHH:mm:ssZ}}"}""");
            bool converted = i % 4 != 0;
            string id = converted && i % 3 != 0 ? $",\"conversion_id\":\"o{i}\"" : "";
            string conversion = converted ? $",\"conversion_value\":{i % 97}.5,\"conversion_ts\":\"{day.AddHours(length * 5 + 2):yyyy-MM-ddTHH:mm:ssZ}\"" : ",\"converted\":false";
            lines.Append($$"""{"customer_id":"c{{i}}","touchpoints":[{{string.Join(",", touches)}}]{{conversion}}{{id}}}""").Append('\n');
        }
        return lines.ToString();
    }

    private static JourneyIngestion BulkIngestion(ServiceProvider services, int bulkAfter) =>
        new(services.GetRequiredService<IDbContextFactory<MeiroDbContext>>(), services.GetRequiredService<MeiroMmm.Infrastructure.Taxonomy.TaxonomyStore>(), TimeProvider.System) { BulkLoadAfterRows = bulkAfter };

    /// <summary>
    /// After an upload's background checkpoint, the database file itself holds every page: the bulk load's commit left
    /// them in the write-ahead log (no automatic checkpoint on its connection), so without it the file would stay small.
    /// </summary>
    private static async Task AssertCheckpointedAsync(ServiceProvider services, JourneyIngestion ingestion)
    {
        await ingestion.CheckpointDone;
        var settings = services.GetRequiredService<DatabaseSettings>();
        string file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
        await using var db = await services.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct);
        long pages = await db.Database.SqlQueryRaw<long>("SELECT page_count AS \"Value\" FROM pragma_page_count()").SingleAsync(Ct);
        long pageSize = await db.Database.SqlQueryRaw<long>("SELECT page_size AS \"Value\" FROM pragma_page_size()").SingleAsync(Ct);
        Assert.True(pages * pageSize > 4 << 20, $"only {pages} pages of {pageSize} bytes: too small an upload to tell");
        Assert.Equal(pages * pageSize, new FileInfo(file).Length);
    }

    /// <summary>The CREATE statements of the indexes a bulk load drops and builds again, or keeps.</summary>
    private static async Task<List<string>> IndexesAsync(ServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct);
        return await db.Database.SqlQueryRaw<string>("SELECT sql AS \"Value\" FROM sqlite_master WHERE type = 'index' " +
            "AND tbl_name IN ('conversion_paths', 'path_aggregates') AND sql IS NOT NULL ORDER BY name").ToListAsync(Ct);
    }

    [Fact]
    public async Task SqliteBulkLoad_StoresWhatBatchByBatchStores_DedupsAgainstStoredRows_AndRebuildsEveryIndex()
    {
        // The same files into two databases: one batch by batch, one switching to the bulk load after its first batch.
        await using var batched = await ServicesAsync();
        await using var bulk = await ServicesAsync();
        var indexesBefore = await IndexesAsync(bulk);
        Assert.Equal(5, indexesBefore.Count);
        Assert.Contains(indexesBefore, sql => sql.EndsWith("WHERE \"ConversionTs\" IS NOT NULL", StringComparison.Ordinal));
        string earlier = ManyJourneys(3_000, offset: 9_000), file = ManyJourneys(12_000);   // the file ends with the 3,000 stored before it
        foreach (var services in new[] { batched, bulk }) await UploadAsync(services, earlier);

        var viaBatches = await BulkIngestion(batched, int.MaxValue).IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes(file)), JourneyFileFormat.Json, "upload", 10, null, Ct);
        var bulkIngestion = BulkIngestion(bulk, 1);
        var viaBulk = await bulkIngestion.IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes(file)), JourneyFileFormat.Json, "upload", 10, null, Ct);
        Assert.Equal((12_000, 9_000, 3_000), (viaBulk.Records, viaBulk.Accepted, viaBulk.Duplicates));
        Assert.Equal((viaBatches.Accepted, viaBatches.Duplicates), (viaBulk.Accepted, viaBulk.Duplicates));

        static object Row(ConversionPath p) => (p.ConversionId, p.ProfileId, p.ConversionTs, p.Converted, p.ConversionValue, p.PathJson, p.PathHash, p.ChannelPath, p.PathLength, p.FirstTouchTs, p.LastTouchTs, p.JourneyDate);
        Assert.Equal((await RowsAsync(batched, db => db.ConversionPaths.OrderBy(p => p.ConversionId))).Select(Row),
            (await RowsAsync(bulk, db => db.ConversionPaths.OrderBy(p => p.ConversionId))).Select(Row));
        var expected = (await RowsAsync(batched, db => db.PathAggregates)).OrderBy(a => a.Date).ThenBy(a => a.PathHash, StringComparer.Ordinal).ToList();
        var actual = (await RowsAsync(bulk, db => db.PathAggregates)).OrderBy(a => a.Date).ThenBy(a => a.PathHash, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal((e.Date, e.PathHash, e.ChannelPath, e.PathLength, e.Conversions, e.NonConversions, e.TimeToConvertCount),
                (a.Date, a.PathHash, a.ChannelPath, a.PathLength, a.Conversions, a.NonConversions, a.TimeToConvertCount));
            Assert.Equal(e.Value, a.Value, 9);
            Assert.Equal(e.TimeToConvertDaysSum, a.TimeToConvertDaysSum, 9);
        }
        Assert.Equal(indexesBefore, await IndexesAsync(bulk));
        await AssertCheckpointedAsync(bulk, bulkIngestion);

        // The unique index is back: uploading the file once more stores nothing.
        var again = await BulkIngestion(bulk, 1).IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes(file)), JourneyFileFormat.Json, "upload", 10, null, Ct);
        Assert.Equal((0, 12_000), (again.Accepted, again.Duplicates));
    }

    [Fact]
    public async Task SqliteBulkLoad_Cancelled_RollsItsPartBack_AndKeepsEveryIndex()
    {
        await using var services = await ServicesAsync();
        var indexes = await IndexesAsync(services);
        string text = ManyJourneys(20_000);
        int gate = Enumerable.Range(0, 16_000).Aggregate(0, (at, _) => text.IndexOf('\n', at) + 1);   // after line 16,000
        var stream = new GatedStream(Encoding.UTF8.GetBytes(text), gate);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var upload = BulkIngestion(services, JourneyIngestion.BatchSize).IngestAsync(stream, JourneyFileFormat.Json, "upload", 10, null, cancel.Token);

        // Batch one commits on its own; batches two and three then go into the bulk load, whose transaction holds
        // SQLite's write lock until it ends. Cancel while it does: all of it must vanish, batch one stay.
        var settings = services.GetRequiredService<DatabaseSettings>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await RowsAsync(services, db => db.ConversionPaths.Select(p => p.Id))).Count < JourneyIngestion.BatchSize || !WriteLockHeld(settings.ConnectionString))
        {
            Assert.True(DateTime.UtcNow < deadline, "the upload never reached its bulk load");
            await Task.Delay(20, Ct);
        }
        cancel.Cancel();
        stream.Release();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);

        Assert.Equal(JourneyIngestion.BatchSize, (await RowsAsync(services, db => db.ConversionPaths)).Count);
        Assert.Equal(JourneyIngestion.BatchSize, (await RowsAsync(services, db => db.PathAggregates)).Sum(a => a.Conversions + a.NonConversions));
        Assert.Equal(indexes, await IndexesAsync(services));
    }

    /// <summary>Whether another connection holds SQLite's write lock: BEGIN IMMEDIATE straight on the handle, which
    /// answers SQLITE_BUSY at once (ADO.NET would wait and retry).</summary>
    private static bool WriteLockHeld(string connectionString)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        connection.Open();
        int rc = SQLitePCL.raw.sqlite3_exec(connection.Handle, "BEGIN IMMEDIATE");
        if (rc == SQLitePCL.raw.SQLITE_OK) SQLitePCL.raw.sqlite3_exec(connection.Handle, "ROLLBACK");
        return rc == SQLitePCL.raw.SQLITE_BUSY;
    }

    /// <summary>A file whose reads stop at <c>gate</c> bytes until <see cref="Release"/>.</summary>
    private sealed class GatedStream(byte[] bytes, int gate) : MemoryStream(bytes, writable: false)
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (Position >= gate) await _released.Task;
            else buffer = buffer[..(int)Math.Min(buffer.Length, gate - Position)];   // stop exactly at the gate
            return await base.ReadAsync(buffer, ct);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
    }
}
