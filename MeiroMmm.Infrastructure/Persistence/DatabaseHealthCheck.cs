using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MeiroMmm.Infrastructure.Persistence;

/// <summary>Healthy when the configured database answers a connection within the check's time.</summary>
public sealed class DatabaseHealthCheck(MeiroDbContextFactory dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        string provider = dbFactory.Settings.Provider.ToString().ToLowerInvariant();
        var data = new Dictionary<string, object> { ["provider"] = provider };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await using var db = dbFactory.CreateDbContext();
            return await db.Database.CanConnectAsync(timeout.Token)
                ? HealthCheckResult.Healthy($"{provider} reachable", data)
                : HealthCheckResult.Unhealthy($"{provider} unreachable", data: data);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{provider} unreachable", e, data);
        }
    }
}
