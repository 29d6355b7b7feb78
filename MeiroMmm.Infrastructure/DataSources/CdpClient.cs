using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace MeiroMmm.Infrastructure.DataSources;

/// <summary>One page of the CDP contract (docs/CDP.md): the records and the cursor of the next page (null at the end).</summary>
public sealed record CdpPage(IReadOnlyList<JsonElement> Records, string? NextCursor);

/// <summary>A CDP answer that retrying will not fix (401/403/404/400, bad JSON), with the status for the test button.</summary>
public sealed class CdpRequestException(string message, HttpStatusCode? status = null) : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;
}

/// <summary>
/// Fetches pages of the CDP contract through the "cdp" HttpClient. Transient failures (network errors, timeouts, 408,
/// 5xx) are retried with exponential back-off and jitter by a Polly pipeline; 429 waits the Retry-After the CDP asks for
/// (capped at <c>Cdp:MaxRetryAfterSeconds</c>). Retries and base delay come from <c>Cdp:MaxRetries</c> and
/// <c>Cdp:RetryBaseDelayMs</c>. A singleton.
/// </summary>
public sealed class CdpClient
{
    public const string HttpClientName = "cdp";
    private readonly IHttpClientFactory _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public CdpClient(IHttpClientFactory http, IConfiguration config, ILogger<CdpClient> logger)
    {
        _http = http;
        int retries = config.GetValue("Cdp:MaxRetries", 5);
        var baseDelay = TimeSpan.FromMilliseconds(config.GetValue("Cdp:RetryBaseDelayMs", 1000));
        var maxRetryAfter = TimeSpan.FromSeconds(config.GetValue("Cdp:MaxRetryAfterSeconds", 120));
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>(ex => ex.InnerException is TimeoutException)
                    .HandleResult(r => r.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)r.StatusCode >= 500),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result) is { } wait ? (TimeSpan?)(wait < maxRetryAfter ? wait : maxRetryAfter) : null),
                OnRetry = args =>
                {
                    // The failed response is not handed back to the caller, so it is disposed here.
                    logger.LogWarning("CDP request failed ({Outcome}); retry {Attempt} in {Delay}",
                        args.Outcome.Result?.StatusCode.ToString() ?? args.Outcome.Exception?.GetType().Name, args.AttemptNumber + 1, args.RetryDelay);
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Retry-After as seconds or an HTTP date; null when absent (the back-off applies).</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) { var wait = date - DateTimeOffset.UtcNow; return wait > TimeSpan.Zero ? wait : TimeSpan.Zero; }
        return null;
    }

    public static Uri PageUri(string baseUrl, string endpoint, string? cursor, int pageSize, DateTimeOffset? updatedSince)
    {
        var query = new List<string> { "page_size=" + pageSize.ToString(CultureInfo.InvariantCulture) };
        if (cursor is not null) query.Add("cursor=" + Uri.EscapeDataString(cursor));
        if (updatedSince is { } since) query.Add("updated_since=" + Uri.EscapeDataString(since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)));
        return new Uri(baseUrl.TrimEnd('/') + "/" + endpoint.Trim('/') + "?" + string.Join('&', query));
    }

    public async Task<CdpPage> GetPageAsync(string baseUrl, string endpoint, string apiKey, string? cursor, int pageSize, DateTimeOffset? updatedSince, CancellationToken ct)
    {
        var uri = PageUri(baseUrl, endpoint, cursor, pageSize, updatedSince);
        var client = _http.CreateClient(HttpClientName);
        using var response = await _pipeline.ExecuteAsync(async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
        }, ct);
        if (!response.IsSuccessStatusCode)
        {
            string detail = response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "the CDP refused the API key",
                HttpStatusCode.NotFound => "the endpoint does not exist on the CDP",
                HttpStatusCode.TooManyRequests => "the CDP kept rate-limiting after every retry",
                _ => "the CDP answered with an error",
            };
            throw new CdpRequestException($"GET {uri.GetLeftPart(UriPartial.Path)}: {(int)response.StatusCode} {response.ReasonPhrase}: {detail}.", response.StatusCode);
        }
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        JsonDocument doc;
        try { doc = await JsonDocument.ParseAsync(body, cancellationToken: ct); }
        catch (JsonException ex) { throw new CdpRequestException($"GET {uri.GetLeftPart(UriPartial.Path)}: the answer is not JSON ({ex.Message})."); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                throw new CdpRequestException($"GET {uri.GetLeftPart(UriPartial.Path)}: the answer has no \"data\" array (see docs/CDP.md).");
            string? next = root.TryGetProperty("next_cursor", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() is { Length: > 0 } s ? s : null;
            return new CdpPage(data.EnumerateArray().Select(e => e.Clone()).ToList(), next);
        }
    }
}
