using MeiroMmm.Infrastructure.Demo;
using MeiroMmm.Infrastructure.Identity;
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

        if (AuthenticationSetup.ReadMode(configuration) == AuthMode.Local)
        {
            string? password = configuration["Auth:InitialAdminPassword"] ?? Environment.GetEnvironmentVariable(InitialAdminBootstrapper.PasswordVariable);
            await services.GetRequiredService<InitialAdminBootstrapper>().EnsureAdminAsync(password, Console.Out, ct);
        }

        // On by default for the embedded database only: a shared server should not get demo rows unasked.
        bool seedDemo = configuration.GetValue<bool?>("Demo:Seed") ?? settings.Provider == DatabaseProvider.Sqlite;
        if (seedDemo) await services.GetRequiredService<DemoWorkspaceSeeder>().SeedAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
