using MeiroMmm.Infrastructure;
using MeiroMmm.Infrastructure.Demo;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Support;

public static class SeededWorkspace
{
    /// <summary>Registers the real persistence on a new SQLite file, migrated, optionally with the demo seeded.</summary>
    public static async Task AddSeededPersistenceAsync(this IServiceCollection services, bool seedDemo)
    {
        var settings = TestDatabase.NewSqlite();
        services.AddLogging().AddSingleton(settings).AddMeiroPersistence();
        await using var provider = new ServiceCollection().AddLogging().AddSingleton(settings).AddMeiroPersistence().BuildServiceProvider();
        await provider.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
        if (seedDemo) await provider.GetRequiredService<DemoWorkspaceSeeder>().SeedAsync(CancellationToken.None);
    }
}
