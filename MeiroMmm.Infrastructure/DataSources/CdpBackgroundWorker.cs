using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeiroMmm.Infrastructure.DataSources;

/// <summary>
/// Runs queued CDP syncs (one at a time; a cancel request stops the sync after its page in hand) and applies pending
/// webhook deliveries, each loop polling every <c>Cdp:WorkerPollMs</c> (1000) when idle. Off with <c>Cdp:WorkerEnabled=false</c>.
/// </summary>
public sealed class CdpBackgroundWorker(CdpSyncService sync, CdpWebhookReceiver webhooks, IConfiguration config, ILogger<CdpBackgroundWorker> logger) : BackgroundService
{
    private readonly TimeSpan _poll = TimeSpan.FromMilliseconds(config.GetValue("Cdp:WorkerPollMs", 1000));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        config.GetValue("Cdp:WorkerEnabled", true)
            ? Task.WhenAll(LoopAsync("sync", SyncOneAsync, stoppingToken), LoopAsync("webhook", async ct => await webhooks.ApplyPendingAsync(ct) > 0, stoppingToken))
            : Task.CompletedTask;

    private async Task<bool> SyncOneAsync(CancellationToken ct)
    {
        if (await sync.ClaimNextAsync(ct) is not { } runId) return false;
        await sync.ExecuteAsync(runId, null, ct);
        return true;
    }

    /// <summary>Repeats <paramref name="step"/> at once while it finds work, else waits the poll interval; errors are logged, not fatal.</summary>
    private async Task LoopAsync(string name, Func<CancellationToken, Task<bool>> step, CancellationToken ct)
    {
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            bool worked = false;
            try { worked = await step(ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception ex) { logger.LogError(ex, "CDP {Loop} worker step failed", name); }
            if (worked) continue;
            try { await Task.Delay(_poll, ct); }
            catch (OperationCanceledException) { return; }
        }
    }
}
