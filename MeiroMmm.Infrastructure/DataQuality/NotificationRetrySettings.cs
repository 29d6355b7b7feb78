using Microsoft.Extensions.Configuration;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>
/// Notifications:AttemptsPerRun (3) tries per delivery within one run, with exponential back-off from
/// Notifications:BaseDelaySeconds (2 s: 2, 4 s …, with jitter). Later runs retry failed deliveries until
/// <see cref="NotificationDispatcher.MaxTotalAttempts"/>.
/// </summary>
public sealed record NotificationRetrySettings(int AttemptsPerRun, TimeSpan BaseDelay)
{
    public static NotificationRetrySettings FromConfiguration(IConfiguration configuration) => new(
        Math.Clamp(configuration.GetValue("Notifications:AttemptsPerRun", 3), 1, 10),
        TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Notifications:BaseDelaySeconds", 2.0), 0.001, 60)));
}
