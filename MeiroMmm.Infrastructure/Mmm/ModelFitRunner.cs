using System.Collections.Concurrent;
using System.Text.Json;
using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>Either the id of the queued run, or the problems that kept it from starting.</summary>
public sealed record ModelRunStart(Guid? RunId, IReadOnlyList<FieldError> Errors);

/// <summary>
/// Queues model fits in the database and runs them in the background, so a fit outlives the page or request that
/// started it, and any instance sharing the database may run it (<see cref="FitQueue"/>). Each instance runs
/// Mmm:FitConcurrency fits at once (default 1: a fit uses every core). A singleton: it holds the live state of the fits
/// sampled here (progress straight from the sampler) and mirrors of the other live runs (progress from their rows),
/// so pages on any instance show every fit. The outcome (result, failure or cancellation) is persisted in the run's row.
/// Long because it is the one place that ties a fit's life to its lease: claim, heartbeat, finish, hand back.
/// </summary>
public sealed class ModelFitRunner(IDbContextFactory<MeiroDbContext> dbFactory, DatasetStore datasets, FitQueue queue, TimeProvider clock, ILogger<ModelFitRunner> logger)
    : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, RunningFit> _runs = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private FitQueueOptions Options => queue.Options;

    public async Task<ModelRunStart> StartAsync(ModelRunSettings settings, CancellationToken ct)
    {
        var errors = settings.CheckSampler().ToList();
        var dataset = await datasets.GetAsync(settings.DatasetId, ct);
        if (dataset is null) errors.Add(new("dataset_id", $"Dataset {settings.DatasetId} does not exist."));
        else errors.AddRange(ModelRunChecks.AgainstDataset(settings, dataset.Summary));
        if (errors.Count > 0) return new ModelRunStart(null, errors);

        var run = new ModelRun
        {
            Id = Guid.NewGuid(), DatasetId = settings.DatasetId, Kpi = settings.Kpi, Status = ModelRunStatus.Queued,
            CreatedAt = clock.GetUtcNow(), SettingsJson = JsonSerializer.Serialize(settings, StoredFitResult.JsonOptions),
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.ModelRuns.Add(run);
            await db.SaveChangesAsync(ct);
        }
        _runs.TryAdd(run.Id, new RunningFit(run.Id, settings));   // a mirror until a worker (here or elsewhere) claims it
        _wake.Release();
        return new ModelRunStart(run.Id, []);
    }

    /// <summary>The live state of a queued or running fit (on any instance); null once it has ended (read the row then).</summary>
    public FitSnapshot? Progress(Guid runId) => _runs.TryGetValue(runId, out var fit) ? fit.Snapshot() : null;

    /// <summary>Calls back (on a worker thread) on every progress report and stage change. Disposing stops the calls, not the fit.</summary>
    public IDisposable Subscribe(Guid runId, Action<FitSnapshot> callback) =>
        _runs.TryGetValue(runId, out var fit) ? fit.Subscribe(callback) : NoSubscription.Instance;

    /// <summary>
    /// Asks a live fit to stop: at once when sampled here, else through its row (the holder sees it at its next heartbeat).
    /// False when this instance does not know it as live.
    /// </summary>
    public bool Cancel(Guid runId)
    {
        if (!_runs.TryGetValue(runId, out var fit)) return false;
        if (fit.HeldHere)
        {
            fit.CancelRequestedHere = true;
            fit.Cancellation.Cancel();
        }
        else _ = CancelThroughRowAsync(runId);
        return true;
    }

    private async Task CancelThroughRowAsync(Guid runId)
    {
        try { await queue.CancelAsync(runId, CancellationToken.None); }
        catch (Exception e) { logger.LogError(e, "Model run {RunId}: the cancel request could not be stored", runId); }
    }

    /// <summary>Waits for a live run to end, wherever it runs (tests, shutdown).</summary>
    public Task WaitAsync(Guid runId) => _runs.TryGetValue(runId, out var fit) ? fit.Completion : Task.CompletedTask;

    /// <summary>The queue workers and the mirror poller; runs until the host stops (<see cref="FitQueueWorker"/>).</summary>
    public async Task RunQueueAsync(CancellationToken stop)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, _stopping.Token);
        var workers = Enumerable.Range(0, Options.Concurrency).Select(_ => WorkLoopAsync(linked.Token));
        await Task.WhenAll([.. workers, WatchLoopAsync(linked.Token)]);
    }

    private async Task WorkLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var run = await queue.ClaimNextAsync(stop);
                if (run is null) await _wake.WaitAsync(Options.Poll, stop);
                else await FitAsync(run, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                // The database may be down for a moment: the queue is still there when it comes back.
                logger.LogWarning(e, "Fit queue: claiming the next run failed; trying again in {Poll}", Options.Poll);
                await Task.Delay(Options.Poll, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Every poll: take back runs whose holder died, and refresh the mirrors of runs held elsewhere.</summary>
    private async Task WatchLoopAsync(CancellationToken stop)
    {
        var period = Options.Poll < TimeSpan.FromSeconds(1) ? Options.Poll : TimeSpan.FromSeconds(1);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                int taken = await queue.RequeueAbandonedAsync(everyRunning: false, stop);
                if (taken > 0)
                {
                    logger.LogWarning("Fit queue: {Count} run(s) whose instance stopped renewing its lease were taken back", taken);
                    _wake.Release(Options.Concurrency);
                }
                await RefreshMirrorsAsync(stop);
                await Task.Delay(period, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                logger.LogWarning(e, "Fit queue: checking leases and progress failed; trying again");
                await Task.Delay(period, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    // Why mirrors, when the progress row is already in the database: one query per instance per poll serves every page
    // watching any fit (25 open pages cost what one does, where pages reading the row would each poll it); Progress()
    // stays an in-memory lookup that pages call while rendering; and subscribers get the same push callbacks whether the
    // fit samples here or elsewhere, so FitProgressPanel has one code path and no poll loop of its own.
    private async Task RefreshMirrorsAsync(CancellationToken ct)
    {
        var live = (await queue.LiveRunsAsync(ct)).ToDictionary(r => r.Id);
        foreach (var row in live.Values)
        {
            if (_runs.TryGetValue(row.Id, out var known))
            {
                if (!known.HeldHere) known.Mirror(row.Status, StoredFitProgress.FromJson(row.ProgressJson));
                continue;
            }
            if (ReadSettings(row.SettingsJson) is not { } settings) continue;
            var mirror = _runs.GetOrAdd(row.Id, id => new RunningFit(id, settings));
            if (!mirror.HeldHere) mirror.Mirror(row.Status, StoredFitProgress.FromJson(row.ProgressJson));
        }
        var ended = _runs.Values.Where(f => !f.HeldHere && !live.ContainsKey(f.Id)).Select(f => f.Id).ToList();
        if (ended.Count == 0) return;
        var outcomes = await queue.OutcomesAsync(ended, ct);
        foreach (var id in ended)
        {
            if (!_runs.TryGetValue(id, out var fit) || fit.HeldHere) continue;
            var (status, error) = outcomes.TryGetValue(id, out var o) ? o : (ModelRunStatus.Failed, "The run was deleted.");
            if (_runs.TryRemove(id, out _)) fit.End(status, EndStage(status, error));
        }
    }

    private static string EndStage(ModelRunStatus status, string? error) => status switch
    {
        ModelRunStatus.Completed => "Completed",
        ModelRunStatus.Cancelled => "Cancelled",
        _ => "Failed: " + error,
    };

    /// <summary>One attempt at one claimed run: fit it while a heartbeat renews the lease, then record the outcome.</summary>
    private async Task FitAsync(ModelRun run, CancellationToken stop)
    {
        if (ReadSettings(run.SettingsJson) is not { } settings)
        {
            await FinishAsync(run.Id, r => { r.Status = ModelRunStatus.Failed; r.Error = "Its stored settings cannot be read."; r.CompletedAt = clock.GetUtcNow(); });
            return;
        }
        var fit = _runs.GetOrAdd(run.Id, id => new RunningFit(id, settings));
        var attempt = fit.Hold();
        using var fitStop = CancellationTokenSource.CreateLinkedTokenSource(attempt.Token, stop);
        using var heartbeatStop = new CancellationTokenSource();
        var leaseLost = new StrongBox();
        var heartbeat = HeartbeatAsync(fit, fitStop, leaseLost, heartbeatStop.Token);
        var ct = fitStop.Token;
        (ModelRunStatus Status, string Stage)? outcome = null;
        try
        {
            fit.SetStage(ModelRunStatus.Running, "Loading the dataset");
            var dataset = await WithRetryAsync(() => datasets.GetAsync(settings.DatasetId, ct), ct)
                ?? throw new InvalidOperationException("The dataset was deleted before the fit started.");
            var data = ScaledMmmData.Prepare(dataset.Data, settings.ToSpec());
            fit.SetStage(ModelRunStatus.Running, "Finding the posterior mode");
            var result = await Task.Run(() => settings.Method == FitMethod.Laplace
                ? LaplaceFitter.Fit(data, settings.Draws, settings.Seed, ct)
                : SampleWithPreview(data, settings, fit, ct), ct);
            fit.SetStage(ModelRunStatus.Running, "Saving the results");
            string json = StoredFitResult.From(result, settings.Method).ToJson();
            await StopHeartbeatAsync(heartbeatStop, heartbeat);
            outcome = await FinishAsync(run.Id, r => { r.Status = ModelRunStatus.Completed; r.ResultJson = json; r.CompletedAt = clock.GetUtcNow(); })
                ? (ModelRunStatus.Completed, "Completed") : null;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await StopHeartbeatAsync(heartbeatStop, heartbeat);
            if (leaseLost.Value) logger.LogWarning("Model run {RunId}: this instance lost its lease; another instance runs it now", run.Id);
            else if (fit.CancelRequestedHere)
                outcome = await FinishAsync(run.Id, r => { r.Status = ModelRunStatus.Cancelled; r.Error = "Cancelled before it finished."; r.CompletedAt = clock.GetUtcNow(); })
                    ? (ModelRunStatus.Cancelled, "Cancelled") : null;
            else
            {
                // The app is stopping: hand the run back so this or another instance starts it again.
                await FinishAsync(run.Id, r => { r.Status = ModelRunStatus.Queued; r.ProgressJson = null; });
            }
        }
        catch (Exception e)
        {
            await StopHeartbeatAsync(heartbeatStop, heartbeat);
            string message = e is MmmDataException ? "The data cannot be fitted: " + e.Message : e.Message;
            if (e is not MmmDataException) logger.LogError(e, "Model run {RunId} failed", run.Id);
            message = message.Length > 2000 ? message[..2000] : message;
            outcome = await FinishAsync(run.Id, r => { r.Status = ModelRunStatus.Failed; r.Error = message; r.CompletedAt = clock.GetUtcNow(); })
                ? (ModelRunStatus.Failed, "Failed: " + message) : null;
        }
        finally
        {
            fit.Release();
            attempt.Dispose();
        }
        // Ended here: tell subscribers now. Otherwise the row (re-queued, or another instance's) is the truth: the mirror follows it.
        if (outcome is { } end && _runs.TryRemove(run.Id, out _)) fit.End(end.Status, end.Stage);
    }

    /// <summary>
    /// NUTS starts its chains around the posterior mode; the Laplace approximation there is published first as the live
    /// preview (within a second or two), then the same mode seeds the sampler, so the preview costs only its summary.
    /// </summary>
    private static MmmFitResult SampleWithPreview(ScaledMmmData data, ModelRunSettings settings, RunningFit fit, CancellationToken ct)
    {
        var sampler = settings.ToSampler();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var posterior = new MmmPosterior(data);
        var mode = LaplaceFitter.FindMode(posterior, settings.Seed, starts: 4, ct);
        fit.SetPreview(FitPreview.From(LaplaceFitter.FromMode(data, posterior, mode, ModelPreview.Draws, settings.Seed, clock)));
        return MmmFitter.Fit(data, sampler, fit, ct, mode);
    }

    /// <summary>Renews the lease and writes progress every heartbeat; stops the fit when the lease was lost or a cancel was asked for.</summary>
    private async Task HeartbeatAsync(RunningFit fit, CancellationTokenSource fitStop, StrongBox leaseLost, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Options.Heartbeat, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    var renewal = await queue.RenewAsync(fit.Id, StoredFitProgress.ToJson(fit.Snapshot()), ct);
                    if (!renewal.Held) { leaseLost.Value = true; await fitStop.CancelAsync(); return; }
                    if (renewal.CancelRequested) { fit.CancelRequestedHere = true; await fitStop.CancelAsync(); return; }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A missed renewal is fine while the lease lasts; the next tick tries again.
                    logger.LogWarning(e, "Model run {RunId}: renewing the lease failed", fit.Id);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    private static async Task StopHeartbeatAsync(CancellationTokenSource heartbeatStop, Task heartbeat)
    {
        await heartbeatStop.CancelAsync();
        await heartbeat;
    }

    /// <summary>Writes the attempt's outcome, retrying while the database is unreachable. Never cancelled: a result must not be lost.</summary>
    private async Task<bool> FinishAsync(Guid runId, Action<ModelRun> change)
    {
        try { return await WithRetryAsync(() => queue.FinishAsync(runId, change, CancellationToken.None), CancellationToken.None); }
        catch (Exception e)
        {
            logger.LogError(e, "Model run {RunId}: its outcome could not be saved; its lease will lapse and it will run again", runId);
            return false;
        }
    }

    /// <summary>Retries a database call with backoff (0.5 s doubling to 5 s, about 40 s in all) when it fails with anything but cancellation.</summary>
    private async Task<T> WithRetryAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        for (int attempt = 1; ; attempt++)
        {
            try { return await call(); }
            catch (Exception e) when (e is not OperationCanceledException && attempt < 10 && e is not MmmDataException)
            {
                logger.LogWarning("Database call failed (attempt {Attempt}), retrying in {Delay}: {Message}", attempt, delay, e.Message);
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    /// <summary>
    /// At start-up. SQLite is one instance, so a run left Running belongs to the process that just stopped: it goes back to
    /// the queue at once (or fails after Mmm:FitMaxAttempts). On a shared server another instance may hold it; its lease decides.
    /// </summary>
    public async Task<int> MarkInterruptedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await queue.RequeueAbandonedAsync(everyRunning: db.Provider == DatabaseProvider.Sqlite, ct);
    }

    private static ModelRunSettings? ReadSettings(string json)
    {
        try { return JsonSerializer.Deserialize<ModelRunSettings>(json, StoredFitResult.JsonOptions); }
        catch (JsonException) { return null; }
    }

    /// <summary>On shutdown: stop the workers. Fits held here go back to the queue (FitAsync), to run again here or elsewhere.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        var held = _runs.Values.Where(f => f.HeldHere).ToList();
        var deadline = Task.Delay(TimeSpan.FromSeconds(10));
        while (held.Any(f => f.HeldHere) && !deadline.IsCompleted) await Task.Delay(50);
    }

    private sealed class StrongBox { public bool Value; }

    private sealed class NoSubscription : IDisposable
    {
        public static readonly NoSubscription Instance = new();
        public void Dispose() { }
    }
}
