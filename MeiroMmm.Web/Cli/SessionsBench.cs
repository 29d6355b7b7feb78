using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Web.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MeiroMmm.Web.Cli;

/// <summary>
/// `bench sessions`: the real web app (fresh SQLite file, seeded demo) on a loopback port in this process, and
/// --sessions browser contexts of a headless Chromium (own cookies, own Blazor circuit each) that sign in at the same
/// moment and open the MMM results page while a NUTS fit samples. Reports circuits ok/failed, ROAS charts drawn, time
/// from the sign-in click to the first chart (p50/p95), and this process's memory before and with the sessions open.
/// Exit code 0 only when every session drew its chart and kept a live circuit. Long because it is one scenario told
/// top to bottom.
/// </summary>
public static class SessionsBench
{
    // What a session's page looks like, for the per-session verdict and for explaining a failure.
    private const string PageState = """
        (() => {
          const q = s => document.querySelector(s);
          const shown = e => !!e && getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden';
          return {
            path: location.pathname,
            interactive: !!q('[data-interactive=true]'),
            error_ui: shown(q('#blazor-error-ui')),
            reconnect_ui: shown(q('#components-reconnect-modal')),
            results: !!q('#model-results'), roas_div: !!q('#roas-chart'), roas_drawn: !!q('#roas-chart .main-svg'),
            plotly: typeof window.Plotly, charts_drawn: document.querySelectorAll('.js-plotly-plot').length,
            charts_in_page: [...document.querySelectorAll('div[id]')].filter(d => d.id.endsWith('-chart')).length, progress: (q('#fit-progress')?.innerText ?? '').replace(/\s+/g, ' ').slice(0, 160)
          };
        })()
        """;

    private sealed record SessionOutcome(int Index, double? SignInPageMs, double? FirstChartMs, bool ChartDrawn, bool CircuitOk, bool ProgressLive, string? Failure);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        // --Key=Value settings go to the app (e.g. --Logging:LogLevel:Microsoft.AspNetCore.SignalR=Debug); the rest are the verb's.
        var options = new CliOptions(args.Where(a => !IsSetting(a)));
        string[] settings = [.. args.Where(IsSetting)];
        int sessions = options.Int("--sessions", 25, min: 1);
        var timeout = TimeSpan.FromSeconds(options.Int("--timeout", 120, min: 5));
        var hold = TimeSpan.FromSeconds(options.Int("--hold", 10, min: 2));
        string chromiumPath = options.Text("--chromium") ?? "/usr/bin/chromium";
        string? screenshots = options.Text("--screenshots");
        int fitIterations = options.Int("--fit-iterations", 5000, min: 100);
        // The app refuses longer fits; say so here rather than failing later on a missing run.
        if (fitIterations > 5000) throw new CliUsageException("--fit-iterations must be at most 5000 (the app's limit per phase).");

        string folder = Path.Combine(Path.GetTempPath(), $"meiro-sessions-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        if (screenshots is not null) Directory.CreateDirectory(screenshots);
        string password = Guid.NewGuid().ToString("N");
        // Development: the packages' static files (Plotly's and MudBlazor's scripts) come from the NuGet cache, as with `dotnet run`.
        var app = MeiroWebApp.Build([
            "--environment=Development", "--Urls=http://127.0.0.1:0", "--Database:Provider=Sqlite", $"--Database:SqlitePath={Path.Combine(folder, "bench.db")}",
            $"--DataProtection:KeysPath={Path.Combine(folder, "keys")}", $"--Auth:InitialAdminPassword={password}",
            "--Scheduling:Enabled=false", "--Demo:Seed=true", "--Demo:FitModel=false", "--Logging:LogLevel:Default=Warning",
            "--Mmm:FitConcurrency=1", .. settings,
        ]);
        await app.StartAsync(ct);
        Guid? busyRun = null;
        var runner = app.Services.GetRequiredService<ModelFitRunner>();
        try
        {
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var demo = (await app.Services.GetRequiredService<DatasetStore>().ListAsync(ct)).First(d => d.Origin == "demo");
            // A finished quick fit gives /mmm its result charts; a long NUTS fit then keeps the cores busy throughout.
            var quick = await runner.StartAsync(new ModelRunSettings(demo.Id, demo.Kpis[0], demo.Channels, demo.Controls, FitMethod.Laplace, Chains: 1, Warmup: 0, Draws: 200, Seed: 3), ct);
            await runner.WaitAsync(quick.RunId!.Value);
            // Four chains on the machine's cores: the fit outlasts the sessions even on a quiet machine (one chain once finished first).
            busyRun = (await runner.StartAsync(new ModelRunSettings(demo.Id, demo.Kpis[0], demo.Channels, demo.Controls, Chains: 4, Warmup: fitIterations, Draws: fitIterations, Seed: 4), ct)).RunId;
            var waitRunning = Stopwatch.StartNew();
            while (runner.Progress(busyRun!.Value) is { Status: not ModelRunStatus.Running } && waitRunning.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(100, ct);

            var before = Memory();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"bench sessions: app on {address} (SQLite, demo), {sessions} Chromium contexts ({chromiumPath}), a NUTS fit (4 chains × {fitIterations:N0} + {fitIterations:N0}) running; {Environment.ProcessorCount} cores, .NET {Environment.Version}"));

            await using var chromium = await HeadlessChromium.LaunchAsync(chromiumPath, ct);
            var clock = Stopwatch.StartNew();
            var tabs = new BrowserTab?[sessions];
            var outcomes = await Task.WhenAll(Enumerable.Range(0, sessions).Select(i =>
                RunSessionAsync(chromium, i, address, password, timeout, hold, screenshots, tabs, ct)));
            double wall = clock.Elapsed.TotalSeconds;
            var during = Memory();   // every tab is still open: its circuit is live
            bool fitRunning = runner.Progress(busyRun!.Value)?.Status == ModelRunStatus.Running;
            foreach (var tab in tabs.OfType<BrowserTab>()) await tab.DisposeAsync();

            var charts = outcomes.Where(o => o.FirstChartMs is not null).Select(o => o.FirstChartMs!.Value).Order().ToList();
            var signIns = outcomes.Where(o => o.SignInPageMs is not null).Select(o => o.SignInPageMs!.Value).Order().ToList();
            int circuitsOk = outcomes.Count(o => o.CircuitOk);
            int drawn = outcomes.Count(o => o.ChartDrawn);
            int live = outcomes.Count(o => o.ProgressLive);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"sessions                {sessions}, all started at once, {wall:F1} s in all (sign-in, /mmm, then {hold.TotalSeconds:F0} s on the page)"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"circuits ok             {circuitsOk} of {sessions} (interactive, no error or reconnect UI, no page or console error)"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ROAS charts drawn       {drawn} of {sessions}"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"fit progress live       {live} of {sessions} (the progress panel changed while the page stayed open)"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"sign-in page ready      p50 {Quantile(signIns, 0.5),7:F0} ms   p95 {Quantile(signIns, 0.95),7:F0} ms   max {Quantile(signIns, 1),7:F0} ms   (navigation → circuit connected)"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"time to first chart     p50 {Quantile(charts, 0.5),7:F0} ms   p95 {Quantile(charts, 0.95),7:F0} ms   max {Quantile(charts, 1),7:F0} ms   (sign-in click → ROAS chart drawn on /mmm)"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"server memory           before: working set {before.WorkingSetMb:F0} MB, managed heap {before.HeapMb:F0} MB; with {sessions} circuits: {during.WorkingSetMb:F0} MB, {during.HeapMb:F0} MB ({(during.HeapMb - before.HeapMb) / sessions:F1} MB heap per circuit)"));
            await output.WriteLineAsync($"fit running throughout  {(fitRunning ? "yes" : "no: it ended before the sessions did, so the server was not busy throughout")}");
            foreach (var failed in outcomes.Where(o => o.Failure is not null))
                await output.WriteLineAsync($"  session {failed.Index}: {failed.Failure}");
            return circuitsOk == sessions && drawn == sessions && live == sessions && fitRunning ? 0 : 1;
        }
        finally
        {
            if (busyRun is { } id) runner.Cancel(id);
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>One user: open /mmm (the sign-in form), sign in, wait for the ROAS chart, stay on the page, judge the circuit.</summary>
    private static async Task<SessionOutcome> RunSessionAsync(HeadlessChromium chromium, int index, string address, string password,
        TimeSpan timeout, TimeSpan hold, string? screenshots, BrowserTab?[] tabs, CancellationToken ct)
    {
        double? signInMs = null, chartMs = null;
        string step = "opening a browser context";
        BrowserTab? tab = null;
        try
        {
            tab = tabs[index] = await BrowserTab.OpenAsync(chromium, ct);
            step = "sign-in page (circuit connecting)";
            long start = Stopwatch.GetTimestamp();
            await tab.NavigateAsync(address.TrimEnd('/') + "/mmm", ct);
            if (!await tab.WaitForAsync("!!document.querySelector('#sign-in[data-ready=true]')", timeout, ct))
                return await FailAsync(tab, index, signInMs, chartMs, step, screenshots, ct);
            signInMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            await tab.TypeAsync("#user-name", "admin", ct);
            await tab.TypeAsync("#password", password, ct);
            step = "sign in, then the ROAS chart on /mmm";
            start = Stopwatch.GetTimestamp();
            await tab.EvaluateAsync("document.querySelector('#sign-in').click()", ct);
            if (!await tab.WaitForAsync("!!document.querySelector('#roas-chart .main-svg')", timeout, ct))
                return await FailAsync(tab, index, signInMs, chartMs, step, screenshots, ct);
            chartMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            // Stay on the page while the fit's progress streams in: a live circuit keeps redrawing the panel.
            step = "staying on /mmm";
            string? firstProgress = await ProgressTextAsync(tab, ct);
            await Task.Delay(hold, ct);
            var state = await tab.EvaluateAsync(PageState, ct);
            bool progressLive = state is { } s && s.GetProperty("progress").GetString() is { Length: > 0 } now && now != firstProgress;
            bool circuitOk = state is { } st && st.GetProperty("interactive").GetBoolean() && !st.GetProperty("error_ui").GetBoolean()
                             && !st.GetProperty("reconnect_ui").GetBoolean() && tab.Errors.Count == 0;
            if (index == 0 && screenshots is not null) await tab.ScreenshotAsync(Path.Combine(screenshots, "sessions-mmm.png"), ct);
            string? failure = circuitOk && progressLive ? null
                : $"{step}: circuit {(circuitOk ? "ok" : "not ok")}, progress {(progressLive ? "live" : "did not change")}; page {state?.GetRawText()}; errors: {string.Join(" | ", tab.Errors)}";
            return new SessionOutcome(index, signInMs, chartMs, true, circuitOk, progressLive, failure);
        }
        catch (Exception e) when (e is DevToolsException or IOException or System.Net.WebSockets.WebSocketException)
        {
            return new SessionOutcome(index, signInMs, chartMs, false, false, false, $"{step}: {e.Message}");
        }
    }

    private static async Task<string?> ProgressTextAsync(BrowserTab tab, CancellationToken ct) =>
        (await tab.EvaluateAsync("(document.querySelector('#fit-progress')?.innerText ?? '').replace(/\\s+/g, ' ').slice(0, 160)", ct))?.GetString();

    private static async Task<SessionOutcome> FailAsync(BrowserTab tab, int index, double? signInMs, double? chartMs, string step, string? screenshots, CancellationToken ct)
    {
        var state = await tab.EvaluateAsync(PageState, ct);
        if (screenshots is not null) await tab.ScreenshotAsync(Path.Combine(screenshots, $"sessions-failed-{index}.png"), ct);
        return new SessionOutcome(index, signInMs, chartMs, false, false, false,
            $"{step}: not done within the timeout; page {state?.GetRawText() ?? "(no document)"}; errors: {string.Join(" | ", tab.Errors)}");
    }

    private static (double WorkingSetMb, double HeapMb) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return (self.WorkingSet64 / 1048576.0, GC.GetTotalMemory(forceFullCollection: false) / 1048576.0);
    }

    private static bool IsSetting(string arg) => arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=');

    private static double Quantile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
