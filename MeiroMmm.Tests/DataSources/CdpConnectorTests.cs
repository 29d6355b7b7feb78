using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MeiroMmm.Infrastructure.DataSources;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.DataSources;

/// <summary>Settings for the connector tests: short back-off, so the injected 500 costs milliseconds.</summary>
public sealed class CdpAppFactory : MeiroAppFactory
{
    public CdpAppFactory() => Settings["Cdp:RetryBaseDelayMs"] = "20";
}

/// <summary>
/// The CDP connector's real client, sync and webhook against <see cref="FakeCdpServer"/> on loopback, through the real
/// host and a real SQLite file.
/// </summary>
public sealed class CdpConnectorTests(CdpAppFactory app) : IClassFixture<CdpAppFactory>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<(HttpClient Admin, int Id)> ConnectAsync(FakeCdpServer cdp, string name, int pageSize, string? webhookSecret = null)
    {
        var admin = await app.CreateClientAsync(Roles.Admin);
        var created = await JsonAsync(await admin.PostAsJsonAsync("/api/connectors/meiro", new
        {
            name, base_url = cdp.BaseUrl, endpoint = "conversion-paths", page_size = pageSize, api_key = FakeCdpServer.ApiKey,
            webhook_secret = webhookSecret, conversion_event_types = new[] { "purchase" },
        }, Ct), HttpStatusCode.Created);
        return (admin, created.GetProperty("id").GetInt32());
    }

    private async Task<List<string>> StoredIdsAsync(string name)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct);
        return await db.ConversionPaths.Where(p => p.Origin == "cdp:" + name).Select(p => p.ConversionId).ToListAsync(Ct);
    }

    [Fact]
    public async Task FullImport_RetriesA500_Honours429RetryAfter_SkipsADuplicatePage_ThenIncrementalTakesOnlyNewRecords()
    {
        await using var cdp = new FakeCdpServer();
        for (int i = 0; i < 25; i++) cdp.Records.Add(FakeCdpServer.Record($"full-{i:D2}", $"p{i % 7}", T0.AddMinutes(i), 10 + i, "email", "paid_search"));
        cdp.FailOnceWith500["10"] = 1;
        cdp.RateLimitOnce["20"] = 1;
        cdp.RepeatPreviousPageOnce["20"] = 1;
        var (admin, id) = await ConnectAsync(cdp, "full-cdp", pageSize: 10);

        var watch = Stopwatch.StartNew();
        var run = await JsonAsync(await admin.PostAsync($"/api/connectors/meiro/{id}/sync?mode=full", null, Ct));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1), $"the 429's Retry-After: 1 was not waited ({watch.Elapsed})");
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(3, run.GetProperty("pages").GetInt32());
        Assert.Equal(35, run.GetProperty("records").GetInt32());   // 25 + the repeated page of 10
        Assert.Equal(25, run.GetProperty("accepted").GetInt32());
        Assert.Equal(10, run.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, run.GetProperty("rejected").GetInt32());
        Assert.Equal(25, (await StoredIdsAsync("full-cdp")).Distinct().Count());
        Assert.Equal(2, cdp.Requests.Count(r => r.Contains("cursor=10")));   // the 500, then the retry
        Assert.Equal(2, cdp.Requests.Count(r => r.Contains("cursor=20")));   // the 429, then the retry

        // Incremental: 3 new records; the request starts at the watermark (the latest updated_at, inclusive).
        for (int i = 25; i < 28; i++) cdp.Records.Add(FakeCdpServer.Record($"full-{i:D2}", "p-new", T0.AddMinutes(i), 5, "display"));
        int before = cdp.Requests.Count;
        var incremental = await JsonAsync(await admin.PostAsync($"/api/connectors/meiro/{id}/sync?mode=incremental", null, Ct));
        Assert.Equal("succeeded", incremental.GetProperty("status").GetString());
        Assert.Equal(3, incremental.GetProperty("accepted").GetInt32());
        Assert.Equal(1, incremental.GetProperty("duplicates").GetInt32());   // record 24 at the inclusive watermark
        Assert.Contains("updated_since=2026-11-01T08%3A24%3A00", cdp.Requests.Skip(before).First());
        Assert.Equal(28, (await StoredIdsAsync("full-cdp")).Count);

        var runs = await JsonAsync(await admin.GetAsync($"/api/connectors/meiro/{id}/runs", Ct));
        Assert.Equal(["incremental", "full"], runs.EnumerateArray().Select(r => r.GetProperty("mode").GetString()));

        // The API key never comes back, in any answer.
        string listed = await admin.GetStringAsync("/api/connectors/meiro", Ct);
        Assert.DoesNotContain(FakeCdpServer.ApiKey, listed);
        Assert.Contains("\"api_key_set\":true", listed);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct);
        Assert.DoesNotContain(FakeCdpServer.ApiKey, (await db.Set<CdpConnection>().SingleAsync(c => c.Id == id, Ct)).ApiKeyProtected);
    }

    [Fact]
    public async Task CancelledMidSync_RerunResumesFromTheWatermark_NoDuplicatesNothingMissing()
    {
        await using var cdp = new FakeCdpServer();
        for (int i = 0; i < 30; i++) cdp.Records.Add(FakeCdpServer.Record($"crash-{i:D2}", $"p{i}", T0.AddMinutes(i), 1, "social"));
        var (_, id) = await ConnectAsync(cdp, "crash-cdp", pageSize: 10);
        var sync = app.Services.GetRequiredService<CdpSyncService>();

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cdp.BeforePage = cursor => { if (cursor == "20") cts.Cancel(); };   // "crash" while fetching the third page
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sync.SyncAsync(id, CdpSyncMode.Full, null, cts.Token));
        cdp.BeforePage = null;
        Assert.Equal(20, (await StoredIdsAsync("crash-cdp")).Count);
        var stored = await app.Services.GetRequiredService<CdpConnectionStore>().GetAsync(id, Ct);
        Assert.Equal("20", stored!.Cursor);

        int before = cdp.Requests.Count;
        var resumed = await sync.SyncAsync(id, CdpSyncMode.Incremental, null, Ct);
        Assert.Equal(CdpSyncStatus.Succeeded, resumed.Status);
        Assert.Contains("cursor=20", cdp.Requests.Skip(before).First());
        Assert.Equal(10, resumed.Accepted);
        var ids = await StoredIdsAsync("crash-cdp");
        Assert.Equal(30, ids.Count);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"crash-{i:D2}"), ids.Order());
        var runs = await app.Services.GetRequiredService<CdpConnectionStore>().RunsAsync(id, 10, Ct);
        Assert.Equal(CdpSyncStatus.Failed, runs[1].Status);
        Assert.Contains("Cancelled", runs[1].Error);
    }

    [Fact]
    public async Task Webhook_GoodSignatureIsApplied_BadOrMissingSignatureIs401()
    {
        await using var cdp = new FakeCdpServer();
        const string secret = "webhook-secret-0123456789";
        var (_, id) = await ConnectAsync(cdp, "hook-cdp", pageSize: 10, webhookSecret: secret);
        var anonymous = await app.CreateClientAsync(null);
        byte[] body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { data = new[] { FakeCdpServer.Record("hook-1", "p1", T0, 42, "email"), FakeCdpServer.Record("hook-2", "p2", T0, 7, "sms") } }));

        HttpRequestMessage Post(string? signature)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/connectors/meiro/webhook?connection={id}") { Content = new ByteArrayContent(body) };
            if (signature is not null) request.Headers.Add(CdpWebhookReceiver.SignatureHeader, signature);
            return request;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(Post(null), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(Post(CdpWebhookReceiver.Sign(body, "wrong-secret-0123456789")), Ct)).StatusCode);
        Assert.Empty(await StoredIdsAsync("hook-cdp"));

        var applied = await JsonAsync(await anonymous.SendAsync(Post(CdpWebhookReceiver.Sign(body, secret)), Ct));
        Assert.Equal(2, applied.GetProperty("accepted").GetInt32());
        var again = await JsonAsync(await anonymous.SendAsync(Post(CdpWebhookReceiver.Sign(body, secret)), Ct));
        Assert.Equal(0, again.GetProperty("accepted").GetInt32());
        Assert.Equal(2, again.GetProperty("duplicates").GetInt32());
        Assert.Equal(["hook-1", "hook-2"], (await StoredIdsAsync("hook-cdp")).Order());
    }

    [Fact]
    public async Task Test_ReportsReachabilityAuthAndASampleJourney()
    {
        await using var cdp = new FakeCdpServer();
        cdp.Records.Add(FakeCdpServer.Record("sample-1", "p1", T0, 3, "email", "paid_search"));
        var (admin, id) = await ConnectAsync(cdp, "test-cdp", pageSize: 10);
        var result = await JsonAsync(await admin.PostAsync($"/api/connectors/meiro/{id}/test", null, Ct));
        Assert.True(result.GetProperty("reachable").GetBoolean());
        Assert.True(result.GetProperty("authorized").GetBoolean());
        Assert.Equal(["email", "paid_search"], result.GetProperty("sample_journey").GetProperty("channels").EnumerateArray().Select(c => c.GetString()));

        await JsonAsync(await admin.PutAsJsonAsync($"/api/connectors/meiro/{id}", new { name = "test-cdp", base_url = cdp.BaseUrl, endpoint = "conversion-paths", page_size = 10, api_key = "wrong-key" }, Ct));
        var refused = await JsonAsync(await admin.PostAsync($"/api/connectors/meiro/{id}/test", null, Ct));
        Assert.True(refused.GetProperty("reachable").GetBoolean());
        Assert.False(refused.GetProperty("authorized").GetBoolean());
    }
}
