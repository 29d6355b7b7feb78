using MeiroMmm.Infrastructure.Scheduling;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Infrastructure.DataSources;

public static class DataSourcesRegistration
{
    /// <summary>The Meiro CDP connector: HTTP client, secrets, store, sync and the cdp-sync task.</summary>
    public static IServiceCollection AddMeiroCdpConnector(this IServiceCollection services)
    {
        services.AddDataProtection();   // idempotent; the web host configures the key ring
        services.AddHttpClient(CdpClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(100));
        services.AddSingleton<CdpClient>();
        services.AddSingleton<CdpSecrets>();
        services.AddSingleton<CdpConnectionStore>();
        services.AddSingleton<CdpQuarantine>();
        services.AddSingleton<CdpSyncService>();
        services.AddSingleton<ExpenseStore>();
        services.AddSingleton<CdpSegments>();
        services.AddSingleton<JourneyDatasetBuilder>();
        services.AddSingleton<CdpWebhookReceiver>();
        services.AddSingleton<IScheduledTask, CdpSyncTask>();
        return services;
    }
}
