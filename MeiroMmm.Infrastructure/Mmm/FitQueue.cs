using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>A live run as its row says: for mirrors on instances that do not hold it.</summary>
public sealed record LiveRunRow(Guid Id, ModelRunStatus Status, string SettingsJson, string? ProgressJson);

/// <summary>What a lease renewal found: whether this instance still holds the run, and whether someone asked to stop it.</summary>
public readonly record struct LeaseRenewal(bool Held, bool CancelRequested);

/// <summary>
/// The fit queue in mmm_model_runs: claim the oldest queued run with a lease, renew it, finish it, and send runs whose
/// holder died back to the queue. Every statement is one short transaction, so several instances share the table.
/// Stateless, one context per call: a singleton.
/// </summary>
public sealed class FitQueue(IDbContextFactory<MeiroDbContext> dbFactory, FitQueueOptions options, TimeProvider clock)
{
    // Row locks taken by the claim: another instance's claim skips the locked row instead of waiting for it.
    private const string PostgresClaim =
        """SELECT * FROM mmm_model_runs WHERE "Status" = 'Queued' ORDER BY "CreatedAt" LIMIT 1 FOR UPDATE SKIP LOCKED""";
    private const string SqlServerClaim =
        "SELECT TOP(1) * FROM mmm_model_runs WITH (UPDLOCK, READPAST, ROWLOCK) WHERE [Status] = 'Queued' ORDER BY [CreatedAt]";

    public FitQueueOptions Options => options;

    /// <summary>Claims the oldest queued run for this instance, or returns null when none is queued (or another instance won it).</summary>
    public async Task<ModelRun?> ClaimNextAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // One instance only (a file): a conditional update is enough to keep this instance's own workers apart.
            var id = await db.ModelRuns.Where(r => r.Status == ModelRunStatus.Queued).OrderBy(r => r.CreatedAt).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
            if (id is null) return null;
            int claimed = await db.ModelRuns.Where(r => r.Id == id && r.Status == ModelRunStatus.Queued).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ModelRunStatus.Running).SetProperty(r => r.LeaseOwner, options.InstanceId)
                .SetProperty(r => r.LeaseExpiresAt, now + options.Lease).SetProperty(r => r.HeartbeatAt, now)
                .SetProperty(r => r.Attempts, r => r.Attempts + 1).SetProperty(r => r.StartedAt, now).SetProperty(r => r.ProgressJson, (string?)null), ct);
            return claimed == 1 ? await db.ModelRuns.AsNoTracking().SingleAsync(r => r.Id == id, ct) : null;
        }
        string sql = db.Provider == DatabaseProvider.Postgres ? PostgresClaim : SqlServerClaim;
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var run = (await db.ModelRuns.FromSqlRaw(sql).ToListAsync(ct)).SingleOrDefault();
            if (run is null) return null;
            run.Status = ModelRunStatus.Running;
            run.LeaseOwner = options.InstanceId;
            run.LeaseExpiresAt = now + options.Lease;
            run.HeartbeatAt = now;
            run.Attempts++;
            run.StartedAt = now;
            run.ProgressJson = null;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return run;
        });
    }

    /// <summary>Extends this instance's lease and stores its progress. Held=false: the lease lapsed and the run was taken back.</summary>
    public async Task<LeaseRenewal> RenewAsync(Guid runId, string? progressJson, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        int held = await db.ModelRuns.Where(r => r.Id == runId && r.LeaseOwner == options.InstanceId && r.Status == ModelRunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseExpiresAt, now + options.Lease).SetProperty(r => r.HeartbeatAt, now)
                .SetProperty(r => r.ProgressJson, progressJson), ct);
        if (held == 0) return new LeaseRenewal(false, false);
        bool cancel = await db.ModelRuns.Where(r => r.Id == runId).Select(r => r.CancelRequested).SingleAsync(ct);
        return new LeaseRenewal(true, cancel);
    }

    /// <summary>
    /// Ends this instance's attempt: applies <paramref name="change"/> and ends the lease, in one transaction, only if
    /// this instance still holds the lease. False when it does not (the run was re-queued meanwhile: its result is not ours to write).
    /// </summary>
    public async Task<bool> FinishAsync(Guid runId, Action<ModelRun> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();   // a retry starts from a clean unit of work
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var row = await db.ModelRuns.SingleOrDefaultAsync(r => r.Id == runId && r.LeaseOwner == options.InstanceId, ct);
            if (row is null) return false;
            change(row);
            row.LeaseExpiresAt = null;   // LeaseOwner stays: which instance ran it, for operators and tests
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        });
    }

    /// <summary>
    /// Runs whose holder stopped renewing (its instance died) go back to the queue, or fail after MaxAttempts claims;
    /// a run someone asked to cancel is marked cancelled. <paramref name="everyRunning"/> also takes back unexpired
    /// leases: for SQLite at start-up, where the only instance that could hold them is the one that just stopped.
    /// </summary>
    public async Task<int> RequeueAbandonedAsync(bool everyRunning, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var abandoned = db.ModelRuns.Where(r => r.Status == ModelRunStatus.Running && (everyRunning || r.LeaseExpiresAt == null || r.LeaseExpiresAt < now));
        if (!await abandoned.AnyAsync(ct)) return 0;   // the usual case, and a read: no write lock every poll (SQLite)
        int cancelled = await abandoned.Where(r => r.CancelRequested).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, ModelRunStatus.Cancelled).SetProperty(r => r.Error, "Cancelled before it finished.")
            .SetProperty(r => r.CompletedAt, now).SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null), ct);
        int failed = await abandoned.Where(r => !r.CancelRequested && r.Attempts >= options.MaxAttempts).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, ModelRunStatus.Failed)
            .SetProperty(r => r.Error, $"Interrupted: the app instance running this fit stopped {options.MaxAttempts} times before it finished. Start it again.")
            .SetProperty(r => r.CompletedAt, now).SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null), ct);
        int requeued = await abandoned.Where(r => !r.CancelRequested && r.Attempts < options.MaxAttempts).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, ModelRunStatus.Queued).SetProperty(r => r.ProgressJson, (string?)null)
            .SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null), ct);
        return cancelled + failed + requeued;
    }

    /// <summary>Asks a run to stop: a queued run is cancelled at once, a running one when its holder next renews. False when it has ended.</summary>
    public async Task<bool> CancelAsync(Guid runId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        int queued = await db.ModelRuns.Where(r => r.Id == runId && r.Status == ModelRunStatus.Queued).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, ModelRunStatus.Cancelled).SetProperty(r => r.Error, "Cancelled before it started.")
            .SetProperty(r => r.CompletedAt, now), ct);
        if (queued == 1) return true;
        return await db.ModelRuns.Where(r => r.Id == runId && r.Status == ModelRunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true), ct) == 1;
    }

    /// <summary>Queued and running runs, for the mirrors of runs this instance does not hold.</summary>
    public async Task<IReadOnlyList<LiveRunRow>> LiveRunsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ModelRuns.AsNoTracking().Where(r => r.Status == ModelRunStatus.Queued || r.Status == ModelRunStatus.Running)
            .Select(r => new LiveRunRow(r.Id, r.Status, r.SettingsJson, r.ProgressJson)).ToListAsync(ct);
    }

    /// <summary>The status and error of runs that have left the live set.</summary>
    public async Task<IReadOnlyDictionary<Guid, (ModelRunStatus Status, string? Error)>> OutcomesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ModelRuns.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.Status, r.Error }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => (r.Status, r.Error));
    }
}
