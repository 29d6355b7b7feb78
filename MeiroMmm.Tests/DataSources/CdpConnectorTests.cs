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
using static MeiroMmm.Tests.DataSources.CdpTestApi;

namespace MeiroMmm.Tests.DataSources;

/// <summary>Settings for the connector tests: short back-off, so the injected 500 costs milliseconds.</summary>
public sealed class CdpAppFactory : MeiroAppFactory
{
    public CdpAppFactory()
    {
        Settings["Cdp:RetryBaseDelayMs"] = "20";
        Settings["Cdp:WorkerPollMs"] = "100";   // the background worker picks queued syncs and webhooks up quickly
    }
}

/// <summary>The connector tests' settings on a fresh database of the throwaway PostgreSQL (MEIRO_TEST_POSTGRES, see test.sh).</summary>
public sealed class CdpPostgresAppFactory : MeiroAppFactory
{
    public CdpPostgresAppFactory()
    {
        Settings["Cdp:RetryBaseDelayMs"] = "20";
        Settings["Cdp:WorkerPollMs"] = "100";
        Settings["Database:Provider"] = "Postgres";
        Settings["ConnectionStrings:Meiro"] = TestDatabase.NewPostgresAsync().GetAwaiter().GetResult().ConnectionString;
    }
}

/// <summary>Calls of the connector API the tests share: JSON with a status check, a queued sync awaited to its end.</summary>
internal static class CdpTestApi
{
    internal static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Queues a sync through the API (202) and polls its run until the background worker has finished it.</summary>
    internal static async Task<JsonElement> SyncAndWaitAsync(HttpClient admin, int id, string mode, CancellationToken ct)
    {
        var queued = await JsonAsync(await admin.PostAsync($"/api/connectors/meiro/{id}/sync?mode={mode}", null, ct), HttpStatusCode.Accepted);
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        return await WaitForRunAsync(admin, queued.GetProperty("id").GetInt64(), ct);
    }

    internal static async Task<JsonElement> WaitForRunAsync(HttpClient admin, long runId, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = await JsonAsync(await admin.GetAsync($"/api/connectors/meiro/runs/{runId}", ct));
            if (run.GetProperty("status").GetString() is not ("queued" or "running")) return run;
            Assert.True(DateTime.UtcNow < deadline, $"run {runId} did not finish: {run}");
            await Task.Delay(50, ct);
        }
    }
}

/// <summary>
/// The CDP connector's real client, sync, queue and webhook against <see cref="FakeCdpServer"/> on loopback, through
/// the real host and a real database (SQLite here, PostgreSQL in <see cref="CdpConnectorPostgresTests"/>).
/// </summary>
public abstract class CdpConnectorTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : MeiroAppFactory
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

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
        int id = await db.Set<CdpConnection>().Where(c => c.Name == name).Select(c => c.Id).SingleAsync(Ct);
        string origin = CdpConnection.JourneyOrigin(id);
        return await db.ConversionPaths.Where(p => p.Origin == origin).Select(p => p.ConversionId).ToListAsync(Ct);
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
        var run = await SyncAndWaitAsync(admin, id, "full", Ct);
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
        var incremental = await SyncAndWaitAsync(admin, id, "incremental", Ct);
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

        // 202 once stored; the worker applies it. The same body again is acknowledged as a duplicate delivery.
        var queued = await JsonAsync(await anonymous.SendAsync(Post(CdpWebhookReceiver.Sign(body, secret)), Ct), HttpStatusCode.Accepted);
        Assert.False(queued.GetProperty("duplicate").GetBoolean());
        var again = await JsonAsync(await anonymous.SendAsync(Post(CdpWebhookReceiver.Sign(body, secret)), Ct), HttpStatusCode.Accepted);
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal(queued.GetProperty("delivery_id").GetInt64(), again.GetProperty("delivery_id").GetInt64());
        var admin = await app.CreateClientAsync(Roles.Admin);
        var delivery = await WaitForDeliveryAsync(admin, queued.GetProperty("delivery_id").GetInt64());
        var run = await WaitForRunAsync(admin, delivery.GetProperty("run_id").GetInt64(), Ct);
        Assert.Equal("webhook", run.GetProperty("mode").GetString());
        Assert.Equal(2, run.GetProperty("accepted").GetInt32());

        // A different delivery repeating a record: the journey dedup keeps one copy.
        byte[] overlapping = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new[] { FakeCdpServer.Record("hook-2", "p2", T0, 7, "sms"), FakeCdpServer.Record("hook-3", "p3", T0, 1, "email") }));
        var second = await JsonAsync(await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/connectors/meiro/webhook?connection={id}")
        {
            Content = new ByteArrayContent(overlapping), Headers = { { CdpWebhookReceiver.SignatureHeader, CdpWebhookReceiver.Sign(overlapping, secret) } },
        }, Ct), HttpStatusCode.Accepted);
        var secondRun = await WaitForRunAsync(admin, (await WaitForDeliveryAsync(admin, second.GetProperty("delivery_id").GetInt64())).GetProperty("run_id").GetInt64(), Ct);
        Assert.Equal(1, secondRun.GetProperty("accepted").GetInt32());
        Assert.Equal(1, secondRun.GetProperty("duplicates").GetInt32());
        Assert.Equal(["hook-1", "hook-2", "hook-3"], (await StoredIdsAsync("hook-cdp")).Order());
    }

    private async Task<JsonElement> WaitForDeliveryAsync(HttpClient admin, long deliveryId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var delivery = await JsonAsync(await admin.GetAsync($"/api/connectors/meiro/webhook/deliveries/{deliveryId}", Ct));
            if (delivery.GetProperty("status").GetString() != "pending") { Assert.Equal("applied", delivery.GetProperty("status").GetString()); return delivery; }
            Assert.True(DateTime.UtcNow < deadline, $"delivery {deliveryId} was not applied");
            await Task.Delay(50, Ct);
        }
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

    [Fact]
    public async Task QueuedSync_CancelledMidWay_StopsAfterThePageInHand_AndTheNextSyncResumes()
    {
        await using var cdp = new FakeCdpServer();
        for (int i = 0; i < 30; i++) cdp.Records.Add(FakeCdpServer.Record($"cancel-{i:D2}", $"p{i}", T0.AddMinutes(i), 1, "social"));
        var (admin, id) = await ConnectAsync(cdp, "cancel-cdp", pageSize: 10);
        var store = app.Services.GetRequiredService<CdpConnectionStore>();
        // While the second page is being served, an Admin presses cancel.
        cdp.BeforePage = cursor =>
        {
            if (cursor != "10") return;
            long runId = store.RunsAsync(id, 1, CancellationToken.None).GetAwaiter().GetResult()[0].Id;
            var cancel = admin.PostAsync($"/api/connectors/meiro/runs/{runId}/cancel", null).GetAwaiter().GetResult();
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        };
        var run = await SyncAndWaitAsync(admin, id, "full", Ct);
        cdp.BeforePage = null;
        Assert.Equal("cancelled", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("pages").GetInt32());
        Assert.Equal(20, (await StoredIdsAsync("cancel-cdp")).Count);
        Assert.Equal("20", (await store.GetAsync(id, Ct))!.Cursor);
        // Cancelling a finished run is a conflict.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/connectors/meiro/runs/{run.GetProperty("id").GetInt64()}/cancel", null, Ct)).StatusCode);

        var resumed = await SyncAndWaitAsync(admin, id, "incremental", Ct);
        Assert.Equal("succeeded", resumed.GetProperty("status").GetString());
        Assert.Equal(10, resumed.GetProperty("accepted").GetInt32());
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"cancel-{i:D2}"), (await StoredIdsAsync("cancel-cdp")).Order());
    }

    [Fact]
    public async Task RejectedRecords_AreQuarantinedOnce_AndStoredAfterAMappingFix()
    {
        await using var cdp = new FakeCdpServer();
        for (int i = 0; i < 4; i++)
        {
            var record = FakeCdpServer.Record($"q-{i}", $"p{i}", T0.AddMinutes(i), 10, "email");
            if (i % 2 == 1) { record["customer"] = new Dictionary<string, object?> { ["id"] = record["profile_id"] }; record.Remove("profile_id"); }
            cdp.Records.Add(record);
        }
        var (admin, id) = await ConnectAsync(cdp, "quarantine-cdp", pageSize: 10);
        var first = await SyncAndWaitAsync(admin, id, "full", Ct);
        Assert.Equal(2, first.GetProperty("accepted").GetInt32());
        Assert.Equal(2, first.GetProperty("rejected").GetInt32());
        await SyncAndWaitAsync(admin, id, "full", Ct);   // the same rejects again: still two quarantine rows

        var rejects = await JsonAsync(await admin.GetAsync($"/api/connectors/meiro/{id}/rejects", Ct));
        Assert.Equal(2, rejects.GetProperty("open").GetInt32());
        Assert.Equal(2, rejects.GetProperty("total").GetInt32());
        var item = rejects.GetProperty("items")[0];
        Assert.Equal("customer_id", item.GetProperty("field").GetString());
        Assert.Contains("\"customer\"", item.GetProperty("record_json").GetString());

        // The mapping fix (profile ids under customer.id), then re-processing the quarantine with it.
        await JsonAsync(await admin.PutAsJsonAsync($"/api/connectors/meiro/{id}", new
        {
            name = "quarantine-cdp", base_url = cdp.BaseUrl, endpoint = "conversion-paths", page_size = 10, conversion_event_types = new[] { "purchase" },
            field_mapping = new { profile_id = "customer.id" },
        }, Ct));
        var result = await JsonAsync(await admin.PostAsync($"/api/connectors/meiro/{id}/rejects/reprocess", null, Ct));
        Assert.Equal(2, result.GetProperty("tried").GetInt32());
        Assert.Equal(2, result.GetProperty("stored").GetInt32());
        Assert.Equal(0, result.GetProperty("still_rejected").GetInt32());
        Assert.Equal(["q-0", "q-1", "q-2", "q-3"], (await StoredIdsAsync("quarantine-cdp")).Order());
        var after = await JsonAsync(await admin.GetAsync($"/api/connectors/meiro/{id}/rejects?status=all", Ct));
        Assert.Equal(0, after.GetProperty("open").GetInt32());
        Assert.All(after.GetProperty("items").EnumerateArray(), r => Assert.Equal("reprocessed", r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task TestOfUnsavedSettings_UsesTheStoredKeyWhenNoneIsSent_AndReportsAWrongEndpoint()
    {
        await using var cdp = new FakeCdpServer();
        cdp.Records.Add(FakeCdpServer.Record("unsaved-1", "p1", T0, 3, "email"));
        var (admin, id) = await ConnectAsync(cdp, "unsaved-cdp", pageSize: 10);
        var ok = await JsonAsync(await admin.PostAsJsonAsync($"/api/connectors/meiro/test?connection_id={id}", new { base_url = cdp.BaseUrl, endpoint = "conversion-paths" }, Ct));
        Assert.True(ok.GetProperty("authorized").GetBoolean());
        Assert.Equal("p1", ok.GetProperty("sample_journey").GetProperty("profile_id").GetString());
        var unmapped = await JsonAsync(await admin.PostAsJsonAsync($"/api/connectors/meiro/test?connection_id={id}",
            new { base_url = cdp.BaseUrl, endpoint = "conversion-paths", field_mapping = new { profile_id = "nobody.id" } }, Ct));
        Assert.Contains("customer_id", unmapped.GetProperty("sample_reject").GetString());
        var unreachable = await JsonAsync(await admin.PostAsJsonAsync("/api/connectors/meiro/test", new { base_url = "http://127.0.0.1:9/api", endpoint = "x", api_key = "k" }, Ct));
        Assert.False(unreachable.GetProperty("reachable").GetBoolean());
        var missingKey = await admin.PostAsJsonAsync("/api/connectors/meiro/test", new { base_url = cdp.BaseUrl, endpoint = "conversion-paths" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missingKey.StatusCode);
    }
}

public sealed class CdpConnectorSqliteTests(CdpAppFactory app) : CdpConnectorTests<CdpAppFactory>(app);

public sealed class CdpConnectorPostgresTests(CdpPostgresAppFactory app) : CdpConnectorTests<CdpPostgresAppFactory>(app);
