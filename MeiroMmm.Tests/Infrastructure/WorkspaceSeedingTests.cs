using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure;
using MeiroMmm.Infrastructure.Demo;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Workspace;
using MeiroMmm.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>The demo workspace on real databases: SQLite files and a real PostgreSQL.</summary>
public sealed class WorkspaceSeedingTests
{
    private static ServiceProvider Services(DatabaseSettings settings) =>
        new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddSingleton(settings).AddMeiroPersistence().BuildServiceProvider();

    private static async Task AssertSeedsOnceAsync(DatabaseSettings settings)
    {
        await using var services = Services(settings);
        var ct = TestContext.Current.CancellationToken;
        await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
        var seeder = services.GetRequiredService<DemoWorkspaceSeeder>();
        Assert.True(await seeder.SeedAsync(ct));
        Assert.False(await seeder.SeedAsync(ct));   // once only: a restart does not add the demo again

        var overview = await services.GetRequiredService<WorkspaceOverviewService>().GetAsync(ct);
        Assert.Equal(1, overview.Datasets);
        Assert.Equal(3000, overview.Journeys);
        Assert.Equal(1, overview.Experiments);
        Assert.Equal(DefaultTaxonomy.Rules.Count, overview.ChannelRules);
        Assert.NotNull(overview.DemoSeededAt);

        var datasets = services.GetRequiredService<DatasetStore>();
        var summary = Assert.Single(await datasets.ListAsync(ct));
        var detail = await datasets.GetAsync(summary.Id, ct);
        Assert.NotNull(detail);
        Assert.Equal(156, detail.Data.PeriodCount);
        Assert.Equal(new MeiroMmm.Domain.Mmm.Demo.WeeklyMmmDemoGenerator().Generate().Data.Kpis[0].Values, detail.Data.Kpis[0].Values);   // stored without loss
        Assert.Contains("true_roas", detail.TruthJson!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public Task Sqlite_MigratesAndSeedsTheDemoOnce() => AssertSeedsOnceAsync(TestDatabase.NewSqlite());

    [Fact]
    public async Task Postgres_MigratesAndSeedsTheDemoOnce() => await AssertSeedsOnceAsync(await TestDatabase.NewPostgresAsync());

    [Fact]
    public async Task UnreachablePostgres_FailsWithOneLineNamingTheSetting()
    {
        await using var services = Services(new DatabaseSettings(DatabaseProvider.Postgres, "Host=127.0.0.1;Port=1;Database=x;Timeout=2"));
        var ex = await Assert.ThrowsAsync<StartupConfigurationException>(() => services.GetRequiredService<DatabaseInitializer>().MigrateAsync(TestContext.Current.CancellationToken));
        Assert.StartsWith("ConnectionStrings:Meiro: cannot open the Postgres database at 127.0.0.1:1", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
