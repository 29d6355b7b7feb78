using Microsoft.Extensions.Configuration;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>
/// How this instance takes part in the fit queue. Mmm:FitConcurrency fits at once per instance (default 1: a NUTS fit
/// already uses every core); a claimed run's lease lasts Mmm:FitLeaseSeconds and is renewed (with a progress write) every
/// Mmm:FitHeartbeatSeconds; idle workers look for queued runs every Mmm:FitPollSeconds; a run whose lease lapsed is
/// re-queued until it has been claimed Mmm:FitMaxAttempts times, then marked failed.
/// </summary>
public sealed record FitQueueOptions(string InstanceId, int Concurrency, TimeSpan Lease, TimeSpan Heartbeat, TimeSpan Poll, int MaxAttempts)
{
    public static FitQueueOptions FromConfiguration(IConfiguration configuration)
    {
        int concurrency = configuration.GetValue("Mmm:FitConcurrency", 1);
        if (concurrency is < 0 or > 16)
            throw new Persistence.StartupConfigurationException($"Mmm:FitConcurrency '{concurrency}' must be between 0 (this instance runs no fits) and 16.");
        double lease = configuration.GetValue("Mmm:FitLeaseSeconds", 60.0);
        double heartbeat = configuration.GetValue("Mmm:FitHeartbeatSeconds", Math.Min(5.0, lease / 4));
        if (heartbeat <= 0 || heartbeat * 2 > lease)
            throw new Persistence.StartupConfigurationException($"Mmm:FitHeartbeatSeconds '{heartbeat}' must be positive and at most half of Mmm:FitLeaseSeconds ({lease}).");
        return new FitQueueOptions(
            InstanceId: $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}" is var id && id.Length > 200 ? id[^200..] : id,
            Concurrency: concurrency,
            Lease: TimeSpan.FromSeconds(lease),
            Heartbeat: TimeSpan.FromSeconds(heartbeat),
            Poll: TimeSpan.FromSeconds(configuration.GetValue("Mmm:FitPollSeconds", 2.0)),
            MaxAttempts: Math.Max(1, configuration.GetValue("Mmm:FitMaxAttempts", 3)));
    }
}
