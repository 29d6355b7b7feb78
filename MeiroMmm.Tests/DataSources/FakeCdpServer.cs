using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace MeiroMmm.Tests.DataSources;

/// <summary>
/// A real HTTP server on loopback serving the CDP contract of docs/CDP.md: GET /{endpoint}?cursor=&amp;page_size=&amp;updated_since=,
/// Bearer key, <c>{"data": [...], "next_cursor": ...}</c>, the cursor being the offset. Faults are injected per cursor
/// and served once each: a 500, a 429 with Retry-After, a page that repeats the previous page's records.
/// </summary>
public sealed class FakeCdpServer : IAsyncDisposable
{
    public const string ApiKey = "cdp-test-key-0123456789";
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    public List<Dictionary<string, object?>> Records { get; } = [];
    /// <summary>Served on any path ending in /expenses (the expenses endpoint of docs/CDP.md).</summary>
    public List<Dictionary<string, object?>> Expenses { get; } = [];
    /// <summary>Served on /segments (the list: id, name, size) and /segments/{id}/profiles (the profile records); an unknown segment is a 404.</summary>
    public Dictionary<string, (string Name, List<object> Profiles)> Segments { get; } = [];
    public ConcurrentQueue<string> Requests { get; } = new();
    public ConcurrentDictionary<string, int> FailOnceWith500 { get; } = new();
    public ConcurrentDictionary<string, int> RateLimitOnce { get; } = new();
    public ConcurrentDictionary<string, int> RepeatPreviousPageOnce { get; } = new();
    /// <summary>Called before serving each page (cursor); a test cancels its sync from here.</summary>
    public Action<string>? BeforePage { get; set; }
    public string BaseUrl { get; }

    public FakeCdpServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}/api";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public static Dictionary<string, object?> Record(string conversionId, string profile, DateTimeOffset at, double value, params string[] channels) => new()
    {
        ["profile_id"] = profile,
        ["updated_at"] = at.ToString("O", CultureInfo.InvariantCulture),
        ["touchpoints"] = channels.Select((c, i) => new Dictionary<string, object?>
        {
            ["channel"] = c, ["timestamp"] = at.AddHours(i - channels.Length).ToString("O", CultureInfo.InvariantCulture), ["event_type"] = "page_view",
        }).ToList(),
        ["conversion"] = new Dictionary<string, object?> { ["id"] = conversionId, ["ts"] = at.ToString("O", CultureInfo.InvariantCulture), ["value"] = value, ["key"] = "purchase", ["event_type"] = "purchase" },
    };

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            try { await ServeAsync(context); }
            catch (Exception) { context.Response.Abort(); }
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        string cursor = request.QueryString["cursor"] ?? "0";
        Requests.Enqueue(request.Url!.PathAndQuery);
        if (request.Headers["Authorization"] != "Bearer " + ApiKey) { await WriteAsync(response, 401, """{"error":"unauthorized"}"""); return; }
        BeforePage?.Invoke(cursor);
        if (FailOnceWith500.TryRemove(cursor, out _)) { await WriteAsync(response, 500, """{"error":"boom"}"""); return; }
        if (RateLimitOnce.TryRemove(cursor, out int seconds)) { response.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture); await WriteAsync(response, 429, """{"error":"slow down"}"""); return; }
        int offset = int.Parse(cursor, CultureInfo.InvariantCulture), size = int.Parse(request.QueryString["page_size"] ?? "100", CultureInfo.InvariantCulture);
        List<object> matching;
        string path = request.Url!.AbsolutePath;
        bool expenses = path.EndsWith("/expenses", StringComparison.Ordinal);
        string? since = request.QueryString["updated_since"];
        lock (Records)
        {
            if (path.EndsWith("/segments", StringComparison.Ordinal))
                matching = [.. Segments.Select(kv => (object)new Dictionary<string, object?> { ["id"] = kv.Key, ["name"] = kv.Value.Name, ["size"] = kv.Value.Profiles.Count })];
            else if (path.Contains("/segments/", StringComparison.Ordinal) && path.EndsWith("/profiles", StringComparison.Ordinal))
            {
                string id = Uri.UnescapeDataString(path.Split('/')[^2]);
                if (!Segments.TryGetValue(id, out var segment)) { matching = null!; }
                else matching = [.. segment.Profiles];
            }
            else
            {
                // Expenses: updated_since against updated_at, else the date (docs/CDP.md, "Expenses"); journeys: updated_at.
                var source = expenses ? Expenses : Records;
                matching = since is null ? [.. source] : [.. source.Where(r => RecordTime(r) >= DateTimeOffset.Parse(since, CultureInfo.InvariantCulture))];
            }
        }
        if (matching is null) { await WriteAsync(response, 404, """{"error":"no such segment"}"""); return; }
        var page = matching.Skip(offset).Take(size).ToList();
        if (RepeatPreviousPageOnce.TryRemove(cursor, out _)) page = [.. matching.Skip(Math.Max(0, offset - size)).Take(size), .. page];
        string? next = offset + size < matching.Count ? (offset + size).ToString(CultureInfo.InvariantCulture) : null;
        await WriteAsync(response, 200, JsonSerializer.Serialize(new Dictionary<string, object?> { ["data"] = page, ["next_cursor"] = next }));
    }

    private static DateTimeOffset RecordTime(Dictionary<string, object?> record) =>
        record.TryGetValue("updated_at", out var at) && at is string text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture)
            : new DateTimeOffset(DateOnly.Parse((string)record["date"]!, CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static async Task WriteAsync(HttpListenerResponse response, int status, string json)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try { await _loop; } catch (Exception) { }
    }
}
