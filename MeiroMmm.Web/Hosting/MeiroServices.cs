using MeiroMmm.Infrastructure;
using MeiroMmm.Infrastructure.Persistence;

namespace MeiroMmm.Web.Hosting;

/// <summary>The services both the web app and the CLI verbs need.</summary>
public static class MeiroServices
{
    public static IServiceCollection AddMeiroCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        // Read lazily: test hosts add their settings after Program has registered its services.
        services.AddSingleton(_ => DatabaseSettings.FromConfiguration(configuration, contentRoot));
        services.AddMeiroPersistence();
        services.Configure<Infrastructure.Experiments.ExperimentOptions>(configuration.GetSection("Experiments"));
        services.AddSingleton<DataQuality.DataQualityStatusService>();
        // Persisted keys keep sign-in cookies valid across restarts and, in the database, across instances. The CLI
        // needs the same key ring: `task dq-run` decrypts notification channel secrets.
        services.AddMeiroDataProtection(configuration, contentRoot);
        return services;
    }
}
