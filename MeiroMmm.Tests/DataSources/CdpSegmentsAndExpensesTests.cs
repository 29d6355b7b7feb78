using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MeiroMmm.Domain.Experiments;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MeiroMmm.Tests.DataSources.CdpTestApi;

namespace MeiroMmm.Tests.DataSources;

/// <summary>
/// CDP segments → experiment auto-assignment, and the incremental expenses import with its watermark, against the real
/// <see cref="FakeCdpServer"/> on loopback through the real host and a real SQLite database (docs/CDP.md).
/// </summary>
public sealed class CdpSegmentsAndExpensesTests(CdpAppFactory app) : IClassFixture<CdpAppFactory>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Admin, int Id)> ConnectAsync(FakeCdpServer cdp, string name, string? segments = "segments", string? expenses = null)
    {
        var admin = await app.CreateClientAsync(Roles.Admin);
        var created = await JsonAsync(await admin.PostAsJsonAsync("/api/connectors/meiro", new
        {
            name, base_url = cdp.BaseUrl, endpoint = "conversion-paths", page_size = 100, api_key = FakeCdpServer.ApiKey,
            segments_endpoint = segments, expenses_endpoint = expenses,
        }, Ct), HttpStatusCode.Created);
        return (admin, created.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task AutoAssignFromASegment_AssignsEveryProfileOfItOnce_ThroughAllPages()
    {
        await using var cdp = new FakeCdpServer();
        // 230 profiles over three pages of 100: bare ids, objects with profile_id, one repeated on a later page, and one
        // record without an id; the second page fails once with a 500 (retried).
        var members = new List<object>();
        for (int i = 0; i < 230; i++) members.Add(i % 2 == 0 ? $"seg-p{i:D3}" : new Dictionary<string, object?> { ["profile_id"] = $"seg-p{i:D3}", ["email"] = "x@example.com" });
        members.Insert(150, "seg-p007");                                   // repeated on page 2
        members.Insert(10, new Dictionary<string, object?> { ["email"] = "no-id@example.com" });
        cdp.Segments["vip-17"] = ("VIP buyers", members);
        cdp.Segments["empty"] = ("Nobody", []);
        cdp.FailOnceWith500["100"] = 1;
        var (admin, connection) = await ConnectAsync(cdp, "segments-cdp");

        var list = await JsonAsync(await admin.GetAsync($"/api/connectors/meiro/{connection}/segments", Ct));
        var vip = list.EnumerateArray().Single(s => s.GetProperty("id").GetString() == "vip-17");
        Assert.Equal("VIP buyers", vip.GetProperty("name").GetString());
        Assert.Equal(232, vip.GetProperty("size").GetInt64());
        Assert.Equal(["Nobody", "VIP buyers"], list.EnumerateArray().Select(s => s.GetProperty("name").GetString()));   // by name

        var analyst = await app.CreateClientAsync(Roles.Analyst);
        var start = new DateTimeOffset(2031, 2, 1, 0, 0, 0, TimeSpan.Zero);
        int id = (await JsonAsync(await analyst.PostAsJsonAsync("/api/experiments",
            new { name = "Segment test", channel = "email", start_at = start, end_at = start.AddDays(14), treatment_rate = 0.8 }, Ct), HttpStatusCode.Created)).GetProperty("id").GetInt32();

        var body = new { connection_id = connection, segment_id = "vip-17" };
        var first = await JsonAsync(await analyst.PostAsJsonAsync($"/api/experiments/{id}/auto-assign", body, Ct));
        Assert.Equal(3, first.GetProperty("pages").GetInt32());
        Assert.Equal(232, first.GetProperty("profiles_read").GetInt32());
        Assert.Equal(1, first.GetProperty("skipped").GetInt32());
        Assert.Equal(230, first.GetProperty("candidates").GetInt32());
        Assert.Equal(230, first.GetProperty("newly_assigned").GetInt32());

        // The split is the deterministic hash of each profile, as /assign does it.
        string key, salt;
        List<(string ProfileId, ExperimentGroup Group)> stored;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct))
        {
            var e = await db.Experiments.SingleAsync(x => x.Id == id, Ct);
            (key, salt) = (e.Key, e.Salt);
            stored = [.. (await db.ExperimentAssignments.Where(a => a.ExperimentId == id).Select(a => new { a.ProfileId, a.Group }).ToListAsync(Ct)).Select(a => (a.ProfileId, a.Group))];
        }
        Assert.Equal(Enumerable.Range(0, 230).Select(i => $"seg-p{i:D3}"), stored.Select(s => s.ProfileId).Order(StringComparer.Ordinal));
        Assert.All(stored, s => Assert.Equal(DeterministicAssigner.Assign(s.ProfileId, key, salt, 0.8), s.Group));
        int treatment = stored.Count(s => s.Group == ExperimentGroup.Treatment);
        Assert.Equal(treatment, first.GetProperty("treatment").GetInt32());
        Assert.Equal(230 - treatment, first.GetProperty("control").GetInt32());

        // Again: the same profiles, nobody new, nobody moved.
        var again = await JsonAsync(await analyst.PostAsJsonAsync($"/api/experiments/{id}/auto-assign", body, Ct));
        Assert.Equal(0, again.GetProperty("newly_assigned").GetInt32());
        Assert.Equal(230, again.GetProperty("candidates").GetInt32());
        Assert.Equal(0, (await JsonAsync(await analyst.PostAsJsonAsync($"/api/experiments/{id}/auto-assign", new { connection_id = connection, segment_id = "empty" }, Ct))).GetProperty("candidates").GetInt32());

        // Wrong requests name the field.
        async Task<string> BadAsync(object request)
        {
            var response = await analyst.PostAsJsonAsync($"/api/experiments/{id}/auto-assign", request, Ct);
            string text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
            return text;
        }
        Assert.Contains("The CDP has no segment 'nope'", await BadAsync(new { connection_id = connection, segment_id = "nope" }));
        Assert.Contains("\"connection_id\"", await BadAsync(new { connection_id = 999_999, segment_id = "vip-17" }));
        Assert.Contains("\"connection_id\"", await BadAsync(new { segment_id = "vip-17" }));
        Assert.Contains("not both", await BadAsync(new { connection_id = connection, segment_id = "vip-17", from = start }));
        var (_, withoutSegments) = await ConnectAsync(cdp, "no-segments-cdp", segments: null);
        Assert.Contains("has no segments endpoint", await BadAsync(new { connection_id = withoutSegments, segment_id = "vip-17" }));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/connectors/meiro/{withoutSegments}/segments", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/connectors/meiro/999999/segments", Ct)).StatusCode);
    }

    [Fact]
    public async Task ExpensesImport_IsIncrementalFromItsWatermark_WhichMovesOnlyWithStoredRows()
    {
        await using var cdp = new FakeCdpServer();
        Dictionary<string, object?> Row(string date, string channel, object spend, string? updatedAt) => new()
        {
            ["date"] = date, ["channel"] = channel, ["spend"] = spend, ["currency"] = "CZK", ["updated_at"] = updatedAt,
        };
        cdp.Expenses.Add(Row("2032-03-01", "wm_email", 100, "2032-03-02T10:00:00Z"));
        cdp.Expenses.Add(Row("2032-03-02", "wm_email", 50, "2032-03-02T12:00:00Z"));
        var (admin, id) = await ConnectAsync(cdp, "expenses-wm-cdp", segments: null, expenses: "expenses");
        string Import(string mode = "incremental") => $"/api/connectors/meiro/{id}/expenses/import?mode={mode}";
        async Task<string?> SinceAsync() => (await JsonAsync(await admin.GetAsync("/api/connectors/meiro", Ct))).EnumerateArray()
            .Single(c => c.GetProperty("id").GetInt32() == id).GetProperty("expenses_since") is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;
        string LastQuery() => cdp.Requests.Last(r => r.Contains("/expenses", StringComparison.Ordinal));

        var first = await JsonAsync(await admin.PostAsync(Import(), null, Ct));
        Assert.Equal(2, first.GetProperty("inserted").GetInt32());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("watermark_before").ValueKind);
        Assert.DoesNotContain("updated_since", LastQuery());
        Assert.Equal(new DateTimeOffset(2032, 3, 2, 12, 0, 0, TimeSpan.Zero), first.GetProperty("watermark_after").GetDateTimeOffset());

        // A corrected row and a new one: only rows updated since the watermark are asked for (inclusive: the 12:00 row
        // comes again and changes nothing).
        cdp.Expenses[0] = Row("2032-03-01", "wm_email", 120, "2032-03-03T09:00:00Z");
        cdp.Expenses.Add(Row("2032-03-03", "wm_email", 70, null));   // no updated_at: its date counts (3 Mar 00:00)
        var second = await JsonAsync(await admin.PostAsync(Import(), null, Ct));
        Assert.Contains("updated_since=2032-03-02T12%3A00%3A00.0000000Z", LastQuery());
        Assert.Equal(3, second.GetProperty("records").GetInt32());
        Assert.Equal((1, 1), (second.GetProperty("inserted").GetInt32(), second.GetProperty("updated").GetInt32()));
        Assert.Equal(new DateTimeOffset(2032, 3, 3, 9, 0, 0, TimeSpan.Zero), second.GetProperty("watermark_after").GetDateTimeOffset());

        // Nothing new: an empty answer is fine and the watermark stays.
        var nothing = await JsonAsync(await admin.PostAsync(Import(), null, Ct));
        Assert.Equal((1, 0, 0), (nothing.GetProperty("records").GetInt32(), nothing.GetProperty("inserted").GetInt32(), nothing.GetProperty("updated").GetInt32()));
        string? since = await SinceAsync();
        Assert.Equal(new DateTimeOffset(2032, 3, 3, 9, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse(since!, System.Globalization.CultureInfo.InvariantCulture));

        // A bad row stores nothing and does not move the watermark; once fixed at the CDP, the next import takes it.
        cdp.Expenses.Add(Row("2032-03-04", "wm_email", "lots", "2032-03-05T08:00:00Z"));
        var bad = await admin.PostAsync(Import(), null, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("record 2.spend", await bad.Content.ReadAsStringAsync(Ct));
        Assert.Equal(since, await SinceAsync());
        cdp.Expenses[^1] = Row("2032-03-04", "wm_email", 30, "2032-03-05T08:00:00Z");
        Assert.Equal(1, (await JsonAsync(await admin.PostAsync(Import(), null, Ct))).GetProperty("inserted").GetInt32());

        // Full reads everything again (no updated_since) and, the rows being the same, changes nothing.
        var full = await JsonAsync(await admin.PostAsync(Import("full"), null, Ct));
        Assert.DoesNotContain("updated_since", LastQuery());
        Assert.Equal((4, 0, 0), (full.GetProperty("records").GetInt32(), full.GetProperty("inserted").GetInt32(), full.GetProperty("updated").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync(Import("sometimes"), null, Ct)).StatusCode);

        var summary = await JsonAsync(await admin.GetAsync("/api/expenses", Ct));
        var email = summary.EnumerateArray().Single(s => s.GetProperty("channel").GetString() == "wm_email");
        Assert.Equal((4, 120 + 50 + 70 + 30.0), (email.GetProperty("rows").GetInt32(), email.GetProperty("spend").GetDouble()));
    }
}
