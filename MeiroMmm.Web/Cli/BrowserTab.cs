using System.Text.Json;

namespace MeiroMmm.Web.Cli;

/// <summary>
/// One page in its own browser context (own cookies, so its own sign-in and Blazor circuit) of a
/// <see cref="HeadlessChromium"/>. Collects the page's uncaught exceptions and console errors (Blazor writes a failed
/// circuit there).
/// </summary>
internal sealed class BrowserTab : IAsyncDisposable
{
    private readonly HeadlessChromium _chromium;
    private readonly string _contextId;
    private readonly string _sessionId;
    private readonly List<string> _errors = [];

    private BrowserTab(HeadlessChromium chromium, string contextId, string sessionId)
    {
        _chromium = chromium;
        _contextId = contextId;
        _sessionId = sessionId;
    }

    /// <summary>Page exceptions and console errors so far.</summary>
    public IReadOnlyList<string> Errors { get { lock (_errors) return [.. _errors]; } }

    public static async Task<BrowserTab> OpenAsync(HeadlessChromium chromium, CancellationToken ct)
    {
        var context = await chromium.SendAsync("Target.createBrowserContext", new { disposeOnDetach = true }, null, ct);
        string contextId = context.GetProperty("browserContextId").GetString()!;
        var target = await chromium.SendAsync("Target.createTarget", new { url = "about:blank", browserContextId = contextId }, null, ct);
        var attached = await chromium.SendAsync("Target.attachToTarget", new { targetId = target.GetProperty("targetId").GetString(), flatten = true }, null, ct);
        var tab = new BrowserTab(chromium, contextId, attached.GetProperty("sessionId").GetString()!);
        chromium.EventReceived += tab.OnEvent;
        await tab.SendAsync("Runtime.enable", null, ct);
        await tab.SendAsync("Page.enable", null, ct);
        await tab.SendAsync("Emulation.setDeviceMetricsOverride", new { width = 1280, height = 800, deviceScaleFactor = 1, mobile = false }, ct);
        return tab;
    }

    public Task NavigateAsync(string url, CancellationToken ct) => SendAsync("Page.navigate", new { url }, ct);

    /// <summary>The value of a JavaScript expression (JSON-serializable), or null while the page has no document to run it in.</summary>
    public async Task<JsonElement?> EvaluateAsync(string expression, CancellationToken ct)
    {
        try
        {
            var reply = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true }, ct);
            if (reply.TryGetProperty("exceptionDetails", out _)) return null;
            return reply.GetProperty("result").TryGetProperty("value", out var value) ? value : null;
        }
        catch (DevToolsException) { return null; }   // "execution context was destroyed": the page is navigating
    }

    /// <summary>Polls a boolean expression every 200 ms until it is true (returns true) or the timeout passes (false).</summary>
    public async Task<bool> WaitForAsync(string expression, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await EvaluateAsync(expression, ct) is { ValueKind: JsonValueKind.True }) return true;
            await Task.Delay(200, ct);
        }
        return false;
    }

    /// <summary>Focuses the element and types the text as keyboard input (input events, as a person typing).</summary>
    public async Task TypeAsync(string selector, string text, CancellationToken ct)
    {
        await EvaluateAsync($"document.querySelector({JsonSerializer.Serialize(selector)}).focus()", ct);
        await SendAsync("Input.insertText", new { text }, ct);
    }

    public async Task ScreenshotAsync(string path, CancellationToken ct)
    {
        var shot = await SendAsync("Page.captureScreenshot", new { format = "png" }, ct);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot.GetProperty("data").GetString()!), ct);
    }

    private Task<JsonElement> SendAsync(string method, object? parameters, CancellationToken ct) => _chromium.SendAsync(method, parameters, _sessionId, ct);

    private void OnEvent(string? sessionId, string method, JsonElement parameters)
    {
        if (sessionId != _sessionId) return;
        string? error = method switch
        {
            "Runtime.exceptionThrown" => parameters.GetProperty("exceptionDetails") is var d && d.TryGetProperty("exception", out var ex) && ex.TryGetProperty("description", out var text)
                ? text.GetString() : d.GetProperty("text").GetString(),
            "Runtime.consoleAPICalled" when parameters.GetProperty("type").GetString() == "error" =>
                string.Join(" ", parameters.GetProperty("args").EnumerateArray().Select(a =>
                    a.TryGetProperty("value", out var v) ? v.ToString() : a.TryGetProperty("description", out var desc) ? desc.GetString() : a.GetProperty("type").GetString())),
            _ => null,
        };
        if (error is not null) lock (_errors) _errors.Add(error.Length > 400 ? error[..400] : error);
    }

    public async ValueTask DisposeAsync()
    {
        _chromium.EventReceived -= OnEvent;
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await _chromium.SendAsync("Target.disposeBrowserContext", new { browserContextId = _contextId }, null, quick.Token); }
        catch (Exception e) when (e is OperationCanceledException or IOException or DevToolsException) { }
    }
}
