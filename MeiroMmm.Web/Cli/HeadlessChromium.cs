using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace MeiroMmm.Web.Cli;

/// <summary>
/// A headless Chromium driven over the Chrome DevTools Protocol: one WebSocket, one flattened session per tab. Just
/// enough for `bench sessions` (separate browser contexts, navigate, type, evaluate, screenshot). The app does not ship
/// Playwright: its driver is several hundred MB; the tests use Playwright.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);   // ClientWebSocket takes one send at a time
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Protocol events: session id (null for the browser), method, params. Called on the receiving thread.</summary>
    public event Action<string?, string, JsonElement>? EventReceived;

    public static async Task<HeadlessChromium> LaunchAsync(string executable, CancellationToken ct)
    {
        string profile = Path.Combine(Path.GetTempPath(), $"meiro-chromium-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        // The same switches Playwright passes: no background throttling, so 25 tabs each run their timers and animation frames.
        string[] switches =
        [
            "--headless=new", "--remote-debugging-port=0", $"--user-data-dir={profile}", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows",
            "--disable-renderer-backgrounding", "--window-size=1280,800", "about:blank",
        ];
        foreach (var s in switches) start.ArgumentList.Add(s);
        Process process;
        try { process = Process.Start(start) ?? throw new CliValueException($"{executable} did not start."); }
        catch (System.ComponentModel.Win32Exception e) { throw new CliValueException($"cannot start {executable} ({e.Message}); pass --chromium <path>."); }

        var chromium = new HeadlessChromium(process, profile);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            const string prefix = "DevTools listening on ";
            string? url = null;
            while (url is null)
            {
                string line = await process.StandardError.ReadLineAsync(timeout.Token) ?? throw new CliValueException($"{executable} exited before it listened for DevTools.");
                if (line.StartsWith(prefix, StringComparison.Ordinal)) url = line[prefix.Length..].Trim();
            }
            // Keep both pipes drained, or Chromium blocks once one is full.
            _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            chromium._socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await chromium._socket.ConnectAsync(new Uri(url), ct);
            chromium._receiving = chromium.ReceiveLoopAsync();
            return chromium;
        }
        catch
        {
            await chromium.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one command and returns its result; a protocol error becomes a <see cref="DevToolsException"/>.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters, string? sessionId, CancellationToken ct)
    {
        int id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        try
        {
            var message = new Dictionary<string, object?> { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new { } };
            if (sessionId is not null) message["sessionId"] = sessionId;
            byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(message);
            await _sendGate.WaitAsync(ct);
            try { await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct); }
            finally { _sendGate.Release(); }
            using (ct.Register(() => reply.TrySetCanceled(ct)))
                return await reply.Task;
        }
        finally { _pending.TryRemove(id, out _); }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage) continue;
                Dispatch(message.GetBuffer().AsMemory(0, (int)message.Length));
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
        foreach (var waiting in _pending.Values) waiting.TrySetException(new IOException("The DevTools connection to Chromium closed."));
    }

    private void Dispatch(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("id", out var id))
        {
            if (!_pending.TryGetValue(id.GetInt32(), out var reply)) return;
            if (root.TryGetProperty("error", out var error))
                reply.TrySetException(new DevToolsException(error.TryGetProperty("message", out var m) ? m.GetString() ?? "error" : error.ToString()));
            else reply.TrySetResult(root.GetProperty("result").Clone());
        }
        else if (root.TryGetProperty("method", out var method))
        {
            string? session = root.TryGetProperty("sessionId", out var s) ? s.GetString() : null;
            EventReceived?.Invoke(session, method.GetString() ?? "", root.TryGetProperty("params", out var p) ? p.Clone() : default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try { await SendAsync("Browser.close", null, null, quick.Token); }
                catch (Exception e) when (e is OperationCanceledException or IOException or WebSocketException or DevToolsException) { }
            }
        }
        finally
        {
            await _stop.CancelAsync();
            await _receiving;
            _socket.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            try { Directory.Delete(_profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
