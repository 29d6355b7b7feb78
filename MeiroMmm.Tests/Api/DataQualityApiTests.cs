using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Api;

/// <summary>The real host over the demo workspace, with notification back-off shortened for tests.</summary>
public sealed class DataQualityAppFactory : MeiroAppFactory
{
    public DataQualityAppFactory() => Settings["Notifications:BaseDelaySeconds"] = "0.02";
}

/// <summary>/api/data-quality, /api/alerts, /api/alert-rules and /api/notification-channels on the real host with real API keys.</summary>
public sealed class DataQualityApiTests(DataQualityAppFactory app) : IClassFixture<DataQualityAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        string text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response) =>
        (await JsonAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");

    /// <summary>One DQ run per fixture, shared by the tests that need alerts.</summary>
    private async Task EnsureRunAsync()
    {
        var admin = await app.CreateClientAsync(Roles.Admin);
        var alerts = await JsonAsync(await admin.GetAsync("/api/alerts?open=false", Ct), HttpStatusCode.OK);
        if (alerts.GetArrayLength() == 0) await JsonAsync(await admin.PostAsync("/api/data-quality/run", null, Ct), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Run_StoresSnapshots_RaisesTheDemosAlerts_AndASecondRunRaisesNoNewOnes()
    {
        var admin = await app.CreateClientAsync(Roles.Admin);
        var first = await JsonAsync(await admin.PostAsync("/api/data-quality/run", null, Ct), HttpStatusCode.OK);
        var second = await JsonAsync(await admin.PostAsync("/api/data-quality/run", null, Ct), HttpStatusCode.OK);
        Assert.True(first.GetProperty("snapshots").GetInt32() > 100);
        Assert.Equal(0, second.GetProperty("alerts_created").GetInt32());

        var viewer = await app.CreateClientAsync(Roles.Viewer);
        var alerts = await JsonAsync(await viewer.GetAsync("/api/alerts", Ct), HttpStatusCode.OK);
        // The demo's journeys end in late October 2026: no new journeys for weeks.
        var stale = alerts.EnumerateArray().Single(a => a.GetProperty("rule_name").GetString() == "No new journeys for 24 h");
        Assert.Equal("critical", stale.GetProperty("severity").GetString());
        Assert.True(stale.GetProperty("occurrences").GetInt32() >= 2);

        var unknown = await JsonAsync(await viewer.GetAsync("/api/data-quality/snapshots?metric_key=unknown_share&source=taxonomy", Ct), HttpStatusCode.OK);
        double share = unknown.EnumerateArray().Last().GetProperty("metric_value").GetDouble();
        var report = await JsonAsync(await viewer.GetAsync("/api/taxonomy/unknown-share", Ct), HttpStatusCode.OK);
        Assert.Equal(report.GetProperty("share").GetDouble(), share, 12);

        var volumes = await JsonAsync(await viewer.GetAsync("/api/data-quality/snapshots?metric_key=journey_volume&from=2026-08-01T00:00:00Z&to=2026-08-31T00:00:00Z", Ct), HttpStatusCode.OK);
        Assert.InRange(volumes.GetArrayLength(), 25, 31);

        var status = await JsonAsync(await viewer.GetAsync("/api/data-quality/status", Ct), HttpStatusCode.OK);
        var freshness = status.EnumerateArray().Single(s => s.GetProperty("metric_key").GetString() == "freshness_hours" && s.GetProperty("source").GetString() == "journeys");
        Assert.Equal("breached", freshness.GetProperty("state").GetString());
        Assert.EndsWith(" h", freshness.GetProperty("display").GetString());
    }

    [Fact]
    public async Task Snapshots_UnknownMetric_Is400NamingIt()
    {
        var viewer = await app.CreateClientAsync(Roles.Viewer);
        Assert.True((await ErrorsAsync(await viewer.GetAsync("/api/data-quality/snapshots?metric_key=nope", Ct))).TryGetProperty("metric_key", out _));
    }

    [Fact]
    public async Task ComputeDq_StoresTheSixTaxonomyMetrics()
    {
        var analyst = await app.CreateClientAsync(Roles.Analyst);
        var stored = await JsonAsync(await analyst.PostAsync("/api/taxonomy/compute-dq", null, Ct), HttpStatusCode.OK);
        Assert.Equal(["low_confidence_share", "mean_confidence", "medium_coverage", "source_coverage", "unknown_share", "unmapped_pairs"],
            stored.EnumerateArray().Select(s => s.GetProperty("metric_key").GetString()).Order());
    }

    [Fact]
    public async Task AlertActions_AnalystAcknowledgesSnoozesNotesResolves_WithAudit_AndConflictsAre409()
    {
        await EnsureRunAsync();
        var analyst = await app.CreateClientAsync(Roles.Analyst);
        var alerts = await JsonAsync(await analyst.GetAsync("/api/alerts?status=open&severity=critical", Ct), HttpStatusCode.OK);
        Assert.All(alerts.EnumerateArray(), a => Assert.Equal("critical", a.GetProperty("severity").GetString()));
        long id = alerts.EnumerateArray().First().GetProperty("id").GetInt64();
        Assert.True((await ErrorsAsync(await analyst.GetAsync("/api/alerts?severity=loud", Ct))).TryGetProperty("severity", out _));

        var acked = await JsonAsync(await analyst.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "on it" }, Ct), HttpStatusCode.OK);
        Assert.Equal("acknowledged", acked.GetProperty("status").GetString());
        await JsonAsync(await analyst.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { }, Ct), HttpStatusCode.Conflict);
        Assert.True((await ErrorsAsync(await analyst.PostAsJsonAsync($"/api/alerts/{id}/snooze", new { }, Ct))).TryGetProperty("until", out _));
        var snoozed = await JsonAsync(await analyst.PostAsJsonAsync($"/api/alerts/{id}/snooze", new { hours = 4 }, Ct), HttpStatusCode.OK);
        Assert.True(snoozed.GetProperty("snoozed_until").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(3.9));
        await JsonAsync(await analyst.PostAsJsonAsync($"/api/alerts/{id}/notes", new { note = "CDP export was late" }, Ct), HttpStatusCode.OK);
        await JsonAsync(await analyst.PostAsJsonAsync($"/api/alerts/{id}/resolve", new { }, Ct), HttpStatusCode.OK);
        await JsonAsync(await analyst.PostAsJsonAsync("/api/alerts/999999/resolve", new { }, Ct), HttpStatusCode.NotFound);

        var details = await JsonAsync(await analyst.GetAsync($"/api/alerts/{id}", Ct), HttpStatusCode.OK);
        var audit = details.GetProperty("audit").EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Equal(["raised", "acknowledged", "snoozed", "noted", "resolved"], audit);
        Assert.StartsWith("apikey:test Analyst", details.GetProperty("audit")[1].GetProperty("actor").GetString());
        Assert.Equal("resolved", details.GetProperty("alert").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Rules_CreateValidatesPreviewEditDelete()
    {
        var admin = await app.CreateClientAsync(Roles.Admin);
        var errors = await ErrorsAsync(await admin.PostAsJsonAsync("/api/alert-rules", new { name = "x", metric_key = "unknown_share", rule_type = "threshold", threshold = 0.1 }, Ct));
        Assert.True(errors.TryGetProperty("operator", out _));

        var rule = new { name = "Unknown share above 5%", metric_key = "unknown_share", source = "taxonomy", rule_type = "threshold", @operator = "gt", threshold = 0.05, severity = "critical" };
        await EnsureRunAsync();
        var preview = await JsonAsync(await admin.PostAsJsonAsync("/api/alert-rules/preview", rule, Ct), HttpStatusCode.OK);
        var series = Assert.Single(preview.EnumerateArray());
        Assert.Equal("taxonomy", series.GetProperty("source").GetString());
        Assert.True(series.GetProperty("points").GetArrayLength() >= 1);

        var created = await JsonAsync(await admin.PostAsJsonAsync("/api/alert-rules", rule, Ct), HttpStatusCode.Created);
        long id = created.GetProperty("id").GetInt64();
        Assert.Equal("critical", created.GetProperty("severity").GetString());
        await ErrorsAsync(await admin.PostAsJsonAsync("/api/alert-rules", rule, Ct));   // same name
        var edited = await JsonAsync(await admin.PutAsJsonAsync($"/api/alert-rules/{id}", rule with { threshold = 0.08 }, Ct), HttpStatusCode.OK);
        Assert.Equal(0.08, edited.GetProperty("threshold").GetDouble());
        await JsonAsync(await admin.DeleteAsync($"/api/alert-rules/{id}", Ct), HttpStatusCode.NoContent);
        await JsonAsync(await admin.GetAsync($"/api/alert-rules/{id}", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Channels_NeverReturnTheSecret_AndTestSendReachesARealListener()
    {
        await using var webhook = new WebhookTestServer(FreePort.Next());
        var admin = await app.CreateClientAsync(Roles.Admin);
        var created = await JsonAsync(await admin.PostAsJsonAsync("/api/notification-channels", new { name = "ops slack (api)", kind = "slack", webhook_url = webhook.Url }, Ct), HttpStatusCode.Created);
        long id = created.GetProperty("id").GetInt64();
        Assert.True(created.GetProperty("has_secret").GetBoolean());

        var viewer = await app.CreateClientAsync(Roles.Viewer);
        string list = await (await viewer.GetAsync("/api/notification-channels", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("ops slack (api)", list);
        Assert.DoesNotContain("secret-token", list);

        var delivery = await JsonAsync(await admin.PostAsync($"/api/notification-channels/{id}/test", null, Ct), HttpStatusCode.OK);
        Assert.Equal("sent", delivery.GetProperty("status").GetString());
        Assert.Single(webhook.Bodies);
        var log = await JsonAsync(await viewer.GetAsync($"/api/notification-channels/{id}/deliveries", Ct), HttpStatusCode.OK);
        Assert.Equal("test", Assert.Single(log.EnumerateArray()).GetProperty("purpose").GetString());

        var errors = await ErrorsAsync(await admin.PostAsJsonAsync("/api/notification-channels", new { name = "mail", kind = "email", smtp_host = "", email_to = Array.Empty<string>() }, Ct));
        Assert.True(errors.TryGetProperty("smtp_host", out _) && errors.TryGetProperty("email_to", out _) && errors.TryGetProperty("email_from", out _));
    }
}
