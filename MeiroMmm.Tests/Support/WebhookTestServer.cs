using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace MeiroMmm.Tests.Support;

/// <summary>
/// A real HTTP listener on loopback standing in for Slack's incoming webhook. It answers the first
/// <see cref="FailFirst"/> requests with 503, then 200 "ok", and keeps every body it received.
/// </summary>
public sealed class WebhookTestServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private int _requests;

    public ConcurrentQueue<string> Bodies { get; } = new();
    public int Requests => _requests;
    public int FailFirst { get; init; }
    public string Url { get; }

    public WebhookTestServer(int port, int failFirst = 0)
    {
        FailFirst = failFirst;
        Url = $"http://127.0.0.1:{port}/services/T000/B000/secret-token";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            string body = await reader.ReadToEndAsync();
            int n = Interlocked.Increment(ref _requests);
            bool fail = n <= FailFirst;
            if (!fail) Bodies.Enqueue(body);
            context.Response.StatusCode = fail ? 503 : 200;
            byte[] answer = Encoding.UTF8.GetBytes(fail ? "unavailable" : "ok");
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}
