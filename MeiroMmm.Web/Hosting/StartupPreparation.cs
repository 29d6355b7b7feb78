using MeiroMmm.Infrastructure.Demo;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Web.Security;

namespace MeiroMmm.Web.Hosting;

/// <summary>
/// Work that must finish before the app serves: migrate the database, create the first admin, seed the demo.
/// A hosted service (registered first), so it runs wherever the host starts, test hosts included.
/// </summary>
public sealed class StartupPreparation(IServiceProvider services, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var settings = services.GetRequiredService<DatabaseSettings>();   // throws a one-line error for bad settings
        // Database:MigrateOnStartup=false leaves schema changes to `migrate`, e.g. when a DBA applies them.
        if (!configuration.GetValue("Database:MigrateOnStartup", true)) return;
        await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
        await services.GetRequiredService<Infrastructure.DataQuality.AlertRuleStore>().EnsureDefaultsAsync(ct);   // the seed's DQ targets, once

        if (AuthenticationSetup.ReadMode(configuration) == AuthMode.Local)
        {
            string? password = configuration["Auth:InitialAdminPassword"] ?? Environment.GetEnvironmentVariable(InitialAdminBootstrapper.PasswordVariable);
            await services.GetRequiredService<InitialAdminBootstrapper>().EnsureAdminAsync(password, Console.Out, ct);
        }

        // On by default for the embedded database only: a shared server should not get demo rows unasked.
        bool seedDemo = configuration.GetValue<bool?>("Demo:Seed") ?? settings.Provider == DatabaseProvider.Sqlite;
        var runner = services.GetRequiredService<ModelFitRunner>();
        await runner.MarkInterruptedAsync(ct);   // a fit the last process was running when it stopped
        bool seededNow = seedDemo && await services.GetRequiredService<DemoWorkspaceSeeder>().SeedAsync(ct);
        // A newcomer should see a fitted model at once: queue one fast fit of the demo dataset (it runs in the background).
        if (seededNow && configuration.GetValue("Demo:FitModel", true)) await QueueDemoFitAsync(runner, ct);
    }

    private async Task QueueDemoFitAsync(ModelFitRunner runner, CancellationToken ct)
    {
        var demo = (await services.GetRequiredService<DatasetStore>().ListAsync(ct)).FirstOrDefault(d => d.Origin == "demo" && d.Kpis.Count > 0);
        if (demo is null) return;
        await runner.StartAsync(ModelRunSettings.Fast(demo.Id, demo.Kpis[0], demo.Channels, demo.Controls), ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
