using MeiroMmm.Infrastructure.Scheduling;
using Quartz;

namespace MeiroMmm.Infrastructure.DataSources;

/// <summary>
/// `task cdp-sync`: an incremental sync of every connection that is due. A connection with its own cron is due when
/// its cron fired since its last sync started; one without a cron syncs on every run. The task's own schedule
/// (Scheduling:Tasks:cdp-sync:Cron, every 15 minutes by default) is the finest granularity.
/// </summary>
public sealed class CdpSyncTask(CdpConnectionStore store, CdpSyncService sync, ExpenseStore expenses, TimeProvider clock) : IScheduledTask
{
    public string Name => "cdp-sync";
    public string Description => "Incremental sync of the Meiro CDP connections that are due (journeys into Attribution, spend into expenses).";
    public string? DefaultCron => "0 0/15 * * * ?";

    public async Task<string> RunAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        int failed = 0;
        foreach (var connection in await store.ListAsync(ct))
        {
            if (!await IsDueAsync(connection, ct)) { lines.Add($"{connection.Name}: not due"); continue; }
            var run = await sync.SyncAsync(connection.Id, CdpSyncMode.Incremental, null, ct);
            if (run.Status != CdpSyncStatus.Succeeded) failed++;
            lines.Add($"{connection.Name}: {run.Status.ToString().ToLowerInvariant()}, {run.Pages} pages, {run.Accepted} accepted, " +
                $"{run.Duplicates} duplicates, {run.Rejected} rejected{(run.Error is null ? "" : ", error: " + run.Error)}");
            if (connection.ExpensesEndpoint is not null)
            {
                string line = await ImportExpensesAsync(connection, ct);
                if (!line.StartsWith("expenses: ", StringComparison.Ordinal)) failed++;
                lines.Add($"{connection.Name} {line}");
            }
        }
        string summary = lines.Count == 0 ? "No CDP connection is configured." : string.Join("; ", lines);
        if (failed > 0) throw new ScheduledTaskFailedException(summary, $"{failed} CDP connection(s) failed to sync.");
        return summary;
    }

    /// <summary>The incremental expenses import of a due connection, in one line; "expenses failed" when it did not store.</summary>
    private async Task<string> ImportExpensesAsync(CdpConnection connection, CancellationToken ct)
    {
        try
        {
            var result = await expenses.ImportFromCdpAsync(connection.Id, ExpenseImportMode.Incremental, ct);
            if (result is null) return "expenses failed: the connection no longer exists";
            if (result.Problems.Count > 0) return $"expenses failed: {string.Join(" ", result.Problems.Take(3).Select(p => $"{p.Field}: {p.Message}"))}";
            return $"expenses: {result.Records} records, {result.Inserted} added, {result.Updated} updated";
        }
        catch (Exception e) when (e is CdpRequestException or HttpRequestException or System.Security.Cryptography.CryptographicException)
        {
            return $"expenses failed: {e.Message}";
        }
    }

    private async Task<bool> IsDueAsync(CdpConnection connection, CancellationToken ct)
    {
        if (connection.Cron is null) return true;
        var last = (await store.RunsAsync(connection.Id, 1, ct)).FirstOrDefault();
        if (last is null) return true;
        var next = new CronExpression(connection.Cron).GetNextValidTimeAfter(last.StartedAt);
        return next is { } at && at <= clock.GetUtcNow();
    }
}
