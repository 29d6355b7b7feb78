using MeiroMmm.Infrastructure.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Infrastructure.DataQuality;

public static class DataQualityRegistration
{
    /// <summary>
    /// Snapshots, rules, the DQ run and its task, notification channels and senders. Needs Data Protection (channel
    /// secrets) and IConfiguration (retry settings) from the host.
    /// </summary>
    public static IServiceCollection AddMeiroDataQuality(this IServiceCollection services)
    {
        services.AddSingleton<DqSnapshotStore>();
        services.AddSingleton<AlertRuleStore>();
        services.AddSingleton<DqComputation>();
        services.AddSingleton<DqRunService>();
        services.AddSingleton<IScheduledTask, DqRunTask>();
        services.AddSingleton<NotificationSecretProtector>();
        services.AddSingleton<NotificationChannelStore>();
        services.AddSingleton(sp => NotificationRetrySettings.FromConfiguration(sp.GetService<IConfiguration>() ?? new ConfigurationBuilder().Build()));
        services.AddSingleton<NotificationDispatcher>();
        services.AddSingleton<INotificationSender, EmailNotificationSender>();
        services.AddSingleton<INotificationSender, SlackNotificationSender>();
        services.AddHttpClient(SlackNotificationSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        return services;
    }
}
