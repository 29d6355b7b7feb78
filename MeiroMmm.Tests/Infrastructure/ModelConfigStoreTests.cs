using System.Text.Json.Nodes;
using MeiroMmm.Domain.Configs;
using MeiroMmm.Infrastructure;
using MeiroMmm.Infrastructure.Configs;
using MeiroMmm.Infrastructure.Demo;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>The config life cycle on real databases: one active per conversion key (also under concurrent activation), clone, audit diffs.</summary>
public sealed class ModelConfigStoreTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<ServiceProvider> SqliteAsync(bool seedDemo)
    {
        var services = new ServiceCollection();
        await services.AddSeededPersistenceAsync(seedDemo);
        return services.BuildServiceProvider();
    }

    private static JsonObject ConfigFor(string key, int clickDays = 30)
    {
        var doc = ModelConfigJson.Write(DefaultModelConfig.Config);
        doc["conversions"]!["primary_conversion_key"] = key;
        doc["conversions"]!["conversion_definitions"]![0]!["key"] = key;
        doc["windows"]!["click_lookback_days"] = clickDays;
        return doc;
    }

    private static async Task<int> ActiveCountAsync(ServiceProvider provider, string key)
    {
        await using var db = await provider.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync();
        return await db.ModelConfigs.CountAsync(c => c.ConversionKey == key && c.Status == ModelConfigStatus.Active);
    }

    [Fact]
    public async Task DemoSeed_HasTheDefaultConfigActive_ReadableTyped()
    {
        await using var provider = await SqliteAsync(seedDemo: true);
        var active = await provider.GetRequiredService<ModelConfigStore>().GetActiveAsync("purchase", Ct);
        Assert.NotNull(active);
        Assert.Equal(DefaultModelConfig.Config.Windows, active.Config.Windows);
        Assert.Equal("purchase", active.Config.PrimaryConversion!.EventName);
        Assert.Null(await provider.GetRequiredService<ModelConfigStore>().GetActiveAsync("signup", Ct));
    }

    [Fact]
    public async Task Lifecycle_ActivateArchivesThePrevious_ActiveIsImmutable_CloneAndAuditDiff()
    {
        await using var provider = await SqliteAsync(seedDemo: true);
        var store = provider.GetRequiredService<ModelConfigStore>();
        int seeded = (await store.GetActiveAsync("purchase", Ct))!.Id;

        var created = await store.CreateAsync("Shorter window", null, ConfigFor("purchase"), "alice", Ct);
        Assert.Equal(ModelConfigStatus.Draft, created.Value!.Status);
        int id = created.Value.Id;
        var edited = await store.UpdateAsync(id, null, "14 days", ConfigFor("purchase", clickDays: 14), "alice", "Shorter click window", Ct);
        Assert.Equal(14, (int)edited.Value!.Config["windows"]!["click_lookback_days"]!);

        var activated = await store.ActivateAsync(id, "bob", Ct);
        Assert.Equal(ModelConfigStatus.Active, activated.Value!.Status);
        Assert.Equal(ModelConfigStatus.Archived, (await store.GetAsync(seeded, Ct))!.Status);
        Assert.Equal(1, await ActiveCountAsync(provider, "purchase"));
        Assert.Equal(id, (await store.GetActiveAsync("purchase", Ct))!.Id);

        Assert.Equal(StoreOutcomeStatus.Conflict, (await store.UpdateAsync(id, "x", null, null, "alice", null, Ct)).Status);
        Assert.Equal(StoreOutcomeStatus.Conflict, (await store.ArchiveAsync(id, "alice", Ct)).Status);   // the only active one stays
        Assert.Equal(StoreOutcomeStatus.Conflict, (await store.ActivateAsync(seeded, "alice", Ct)).Status);   // archived: clone it instead
        Assert.Equal(StoreOutcomeStatus.NotFound, (await store.ActivateAsync(999, "alice", Ct)).Status);

        var clone = await store.CloneAsync(seeded, null, "carol", Ct);
        Assert.Equal((ModelConfigStatus.Draft, seeded, "Default purchase attribution (copy)"), (clone.Value!.Status, clone.Value.ParentId, clone.Value.Name));
        Assert.Equal(30, (int)clone.Value.Config["windows"]!["click_lookback_days"]!);
        Assert.Equal(ModelConfigStatus.Archived, (await store.ArchiveAsync(clone.Value.Id, "carol", Ct)).Value!.Status);

        var audit = (await store.AuditAsync(id, Ct))!;
        Assert.Equal(["created", "updated", "activated"], audit.Select(a => a.Action));
        Assert.Equal(["alice", "alice", "bob"], audit.Select(a => a.Actor));
        var update = audit[1];
        Assert.Equal("Shorter click window", update.Note);
        Assert.Equal([("description", "changed", null, "14 days"), ("config.windows.click_lookback_days", "changed", "30", "14")],
            update.Changes.Select(c => (c.Path, c.Kind, c.Before?.ToString(), c.After?.ToString())));
        Assert.Equal(("status", "draft", "active"), (audit[2].Changes.Single().Path, audit[2].Changes.Single().Before!.ToString(), audit[2].Changes.Single().After!.ToString()));
        Assert.Contains("Replaced by config", (await store.AuditAsync(seeded, Ct))!.Last().Note);
    }

    [Fact]
    public async Task Create_WithInvalidConfig_Returns400StyleErrorsUnderConfigPaths_AndStoresNothing()
    {
        await using var provider = await SqliteAsync(seedDemo: false);
        var store = provider.GetRequiredService<ModelConfigStore>();
        var doc = ConfigFor("purchase", clickDays: 0);
        var outcome = await store.CreateAsync(" ", null, doc, "alice", Ct);
        Assert.Equal(StoreOutcomeStatus.Invalid, outcome.Status);
        Assert.Equal(["config.windows.click_lookback_days", "name"], outcome.Errors.Select(e => e.Field).Order());
        Assert.Empty(await store.ListAsync(Ct));
    }

    [Fact]
    public async Task ConcurrentActivations_OnSqlite_LeaveExactlyOneActive()
    {
        await using var provider = await SqliteAsync(seedDemo: false);
        await AssertConcurrentActivationsLeaveOneActiveAsync(provider);
    }

    [Fact]
    public async Task ConcurrentActivations_OnPostgres_LeaveExactlyOneActive()
    {
        var settings = await TestDatabase.NewPostgresAsync();
        await using var provider = new ServiceCollection().AddLogging().AddSingleton(settings).AddMeiroPersistence().BuildServiceProvider();
        await provider.GetRequiredService<DatabaseInitializer>().MigrateAsync(Ct);
        await AssertConcurrentActivationsLeaveOneActiveAsync(provider);
    }

    private async Task AssertConcurrentActivationsLeaveOneActiveAsync(ServiceProvider provider)
    {
        var store = provider.GetRequiredService<ModelConfigStore>();
        var first = (await store.CreateAsync("First", null, ConfigFor("signup"), "alice", Ct)).Value!;
        await store.ActivateAsync(first.Id, "alice", Ct);
        var drafts = new List<int>();
        for (int i = 0; i < 8; i++) drafts.Add((await store.CreateAsync($"Draft {i}", null, ConfigFor("signup", 10 + i), "alice", Ct)).Value!.Id);

        // Eight activations race for the same key; each either wins or reports a conflict, and never two actives.
        var outcomes = await Task.WhenAll(drafts.Select(id => Task.Run(() => store.ActivateAsync(id, "race", Ct), Ct)));
        Assert.All(outcomes, o => Assert.Contains(o.Status, new[] { StoreOutcomeStatus.Done, StoreOutcomeStatus.Conflict }));
        Assert.Contains(outcomes, o => o.Status == StoreOutcomeStatus.Done);
        Assert.Equal(1, await ActiveCountAsync(provider, "signup"));
        var active = await store.GetActiveAsync("signup", Ct);
        Assert.Contains(outcomes, o => o.Value?.Id == active!.Id);   // the active one is a winner of the race
    }
}
