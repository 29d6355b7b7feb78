using Microsoft.Extensions.Hosting;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>The web app's share of the fit queue: Mmm:FitConcurrency workers plus the lease and progress poller.</summary>
public sealed class FitQueueWorker(ModelFitRunner runner) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => runner.RunQueueAsync(stoppingToken);
}
