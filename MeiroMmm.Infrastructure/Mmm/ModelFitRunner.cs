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
/// Runs model fits in the background, one at a time (a fit uses every core, and the machine may have two), so a fit
/// outlives the page or request that started it. A singleton: the live state of queued and running fits lives here,
/// and their outcome (result, failure or cancellation) is persisted in the run's row.
/// </summary>
public sealed class ModelFitRunner(IDbContextFactory<MeiroDbContext> dbFactory, DatasetStore datasets, TimeProvider clock, ILogger<ModelFitRunner> logger)
    : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, RunningFit> _runs = new();
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public async Task<ModelRunStart> StartAsync(ModelRunSettings settings, CancellationToken ct)
    {
        var errors = settings.CheckSampler().ToList();
        var dataset = await datasets.GetAsync(settings.DatasetId, ct);
        if (dataset is null) errors.Add(new("dataset_id", $"Dataset {settings.DatasetId} does not exist."));
        else
        {
            var s = dataset.Summary;
            if (!s.Kpis.Contains(settings.Kpi)) errors.Add(new("kpi", $"KPI '{settings.Kpi}' is not a KPI column of this dataset (it has: {string.Join(", ", s.Kpis)})."));
            if (settings.Channels.Count == 0) errors.Add(new("spend_channels", "Pick at least one spend channel."));
            foreach (var c in settings.Channels.Where(c => !s.Channels.Contains(c)))
                errors.Add(new("spend_channels", $"'{c}' is not a spend column of this dataset."));
            foreach (var c in settings.Controls.Where(c => !s.Controls.Contains(c)))
                errors.Add(new("covariates", $"'{c}' is not a control column of this dataset."));
        }
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
        var fit = new RunningFit(run.Id, settings);
        _runs[run.Id] = fit;
        fit.Completion = Task.Run(() => FitAndSaveAsync(fit, fit.Cancellation.Token), CancellationToken.None);
        return new ModelRunStart(run.Id, []);
    }

    /// <summary>The live state of a queued or running fit; null once it has ended (read the row then).</summary>
    public FitSnapshot? Progress(Guid runId) => _runs.TryGetValue(runId, out var fit) ? fit.Snapshot() : null;

    /// <summary>Calls back (on a worker thread) on every progress report and stage change. Disposing stops the calls, not the fit.</summary>
    public IDisposable Subscribe(Guid runId, Action<FitSnapshot> callback) =>
        _runs.TryGetValue(runId, out var fit) ? fit.Subscribe(callback) : NoSubscription.Instance;

    /// <summary>Asks a queued or running fit to stop; the sampler checks once per draw. False when it is not live.</summary>
    public bool Cancel(Guid runId)
    {
        if (!_runs.TryGetValue(runId, out var fit)) return false;
        fit.Cancellation.Cancel();
        return true;
    }

    /// <summary>Waits for a live run to end (tests, shutdown).</summary>
    public Task WaitAsync(Guid runId) => _runs.TryGetValue(runId, out var fit) ? fit.Completion : Task.CompletedTask;

    private async Task FitAndSaveAsync(RunningFit fit, CancellationToken ct)
    {
        bool entered = false;
        try
        {
            await _oneAtATime.WaitAsync(ct);
            entered = true;
            fit.SetStage(ModelRunStatus.Running, "Loading the dataset");
            await SaveAsync(fit.Id, r => { r.Status = ModelRunStatus.Running; r.StartedAt = clock.GetUtcNow(); });
            var settings = fit.Settings;
            var dataset = await datasets.GetAsync(settings.DatasetId, ct) ?? throw new InvalidOperationException("The dataset was deleted before the fit started.");
            var data = ScaledMmmData.Prepare(dataset.Data, settings.ToSpec());
            fit.SetStage(ModelRunStatus.Running, "Finding the posterior mode");
            var result = settings.Method == FitMethod.Laplace
                ? LaplaceFitter.Fit(data, settings.Draws, settings.Seed, ct)
                : MmmFitter.Fit(data, settings.ToSampler(), fit, ct);
            fit.SetStage(ModelRunStatus.Running, "Saving the results");
            string json = StoredFitResult.From(result, settings.Method).ToJson();
            await SaveAsync(fit.Id, r => { r.Status = ModelRunStatus.Completed; r.ResultJson = json; r.CompletedAt = clock.GetUtcNow(); });
            fit.SetStage(ModelRunStatus.Completed, "Completed");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await SaveQuietlyAsync(fit, ModelRunStatus.Cancelled, "Cancelled before it finished.");
        }
        catch (MmmDataException e)
        {
            await SaveQuietlyAsync(fit, ModelRunStatus.Failed, "The data cannot be fitted: " + e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Model run {RunId} failed", fit.Id);
            await SaveQuietlyAsync(fit, ModelRunStatus.Failed, e.Message);
        }
        finally
        {
            if (entered) _oneAtATime.Release();
            _runs.TryRemove(fit.Id, out _);
            fit.Cancellation.Dispose();
        }
    }

    private async Task SaveQuietlyAsync(RunningFit fit, ModelRunStatus status, string error)
    {
        try
        {
            string message = error.Length > 2000 ? error[..2000] : error;
            await SaveAsync(fit.Id, r => { r.Status = status; r.Error = message; r.CompletedAt = clock.GetUtcNow(); });
        }
        catch (Exception e) { logger.LogError(e, "Model run {RunId}: its {Status} state could not be saved", fit.Id, status); }
        fit.SetStage(status, status == ModelRunStatus.Cancelled ? "Cancelled" : "Failed: " + error);
    }

    /// <summary>
    /// Changes the run's row in one transaction. Always CancellationToken.None: a cancelled fit must still record that it was cancelled.
    /// </summary>
    private async Task SaveAsync(Guid runId, Action<ModelRun> change)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();   // a retry starts from a clean unit of work
            await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
            var row = await db.ModelRuns.SingleAsync(r => r.Id == runId, CancellationToken.None);
            change(row);
            await db.SaveChangesAsync(CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        });
    }

    /// <summary>
    /// Runs left Queued or Running by a previous process (it stopped mid-fit) are marked Failed, never left "running" forever.
    /// Called once at startup, before any fit starts.
    /// </summary>
    public async Task<int> MarkInterruptedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var live = _runs.Keys.ToList();
        return await db.ModelRuns.Where(r => (r.Status == ModelRunStatus.Queued || r.Status == ModelRunStatus.Running) && !live.Contains(r.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ModelRunStatus.Failed)
                .SetProperty(r => r.Error, "Interrupted: the app stopped before this fit finished. Start it again.")
                .SetProperty(r => r.CompletedAt, clock.GetUtcNow()), ct);
    }

    /// <summary>On shutdown: cancel every live fit and wait (briefly) for each to record that.</summary>
    public async ValueTask DisposeAsync()
    {
        var fits = _runs.Values.ToList();
        foreach (var fit in fits)
        {
            try { fit.Cancellation.Cancel(); } catch (ObjectDisposedException) { }
        }
        await Task.WhenAny(Task.WhenAll(fits.Select(f => f.Completion)), Task.Delay(TimeSpan.FromSeconds(10)));
    }

    private sealed class NoSubscription : IDisposable
    {
        public static readonly NoSubscription Instance = new();
        public void Dispose() { }
    }
}
