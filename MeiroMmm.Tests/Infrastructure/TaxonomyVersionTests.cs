using MeiroMmm.Domain.Attribution;
using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Taxonomy;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>The stored, versioned taxonomy in a real SQLite file: seeding, save, restore, the cached mapper, and the impact preview.</summary>
public sealed class TaxonomyVersionTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<ServiceProvider> WorkspaceAsync(IEnumerable<Journey>? journeys = null)
    {
        var services = new ServiceCollection();
        await services.AddSeededPersistenceAsync(seedDemo: false);
        var provider = services.BuildServiceProvider();
        if (journeys is not null)
        {
            await using var db = await provider.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync();
            db.ConversionPaths.AddRange(journeys.Select(j => ConversionPathMapper.ToRow(j, "upload", DateTimeOffset.UnixEpoch)));
            await db.SaveChangesAsync();
        }
        return provider;
    }

    private static ChannelTaxonomy WithPartnerRule(ChannelTaxonomy t) =>
        t with { Rules = [new ChannelRule("Promo partner", "affiliate", "promo-partner", null, 5), .. t.Rules] };

    [Fact]
    public async Task FirstLoad_IsVersion1_TheDefaults()
    {
        await using var provider = await WorkspaceAsync();
        var store = provider.GetRequiredService<TaxonomyStore>();
        var current = await store.CurrentAsync(Ct);
        Assert.Equal((1, "system"), (current.Info.Version, current.Info.Actor));
        Assert.Equal(DefaultTaxonomy.Rules, current.Taxonomy.Rules);
        Assert.Equal(DefaultTaxonomy.SourceAliases.Count, current.Taxonomy.SourceAliases.Count);
        Assert.Single(await store.VersionsAsync(Ct));
    }

    [Fact]
    public async Task Save_AddsAVersion_ThatTheMapperUsesAtOnce_AndRestoreAddsAnother()
    {
        await using var provider = await WorkspaceAsync();
        var store = provider.GetRequiredService<TaxonomyStore>();
        var v1 = await store.CurrentAsync(Ct);
        Assert.True((await store.MapperAsync(Ct)).Map("promo-partner", "(not set)").IsUnknown);

        var withAlias = WithPartnerRule(v1.Taxonomy) with { SourceAliases = new Dictionary<string, string>(v1.Taxonomy.SourceAliases) { [" PP "] = "promo-partner" } };
        var saved = await store.SaveAsync(withAlias, "alice", "Partner traffic is affiliate", basedOnVersion: 1, Ct);
        Assert.Equal(StoreOutcomeStatus.Done, saved.Status);
        Assert.Equal((2, "alice", "Partner traffic is affiliate"), (saved.Value!.Version, saved.Value.Actor, saved.Value.Note));
        Assert.Equal("affiliate", (await store.MapperAsync(Ct)).Map("promo-partner", "(not set)").Channel);
        Assert.Equal("affiliate", (await store.MapperAsync(Ct)).Map("pp", "x").Channel);   // the alias was stored normalized
        Assert.Equal("Promo partner", (await store.LoadRulesAsync(Ct))[0].Name);

        // A second store on the same database (another app instance) reads the same latest version.
        var fresh = new TaxonomyStore(provider.GetRequiredService<IDbContextFactory<MeiroDbContext>>(), TimeProvider.System);
        Assert.Equal(2, (await fresh.CurrentAsync(Ct)).Info.Version);
        await using (var db = await provider.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct))
            Assert.Equal(DefaultTaxonomy.Rules.Count + 1, await db.ChannelRules.CountAsync(TestContext.Current.CancellationToken));   // the mirror follows

        var stale = await store.SaveAsync(v1.Taxonomy, "bob", null, basedOnVersion: 1, Ct);
        Assert.Equal(StoreOutcomeStatus.Conflict, stale.Status);
        Assert.Contains("version 2", stale.Reason);

        var restored = await store.RestoreAsync(1, "bob", null, Ct);
        Assert.Equal((3, 1, "Restored version 1."), (restored.Value!.Version, restored.Value.RestoredFrom, restored.Value.Note));
        Assert.True((await store.MapperAsync(Ct)).Map("promo-partner", "(not set)").IsUnknown);
        Assert.Equal(v1.Taxonomy.Rules, (await store.VersionAsync(3, Ct))!.Taxonomy.Rules);
        Assert.Equal([3, 2, 1], (await store.VersionsAsync(Ct)).Select(v => v.Version));
        Assert.Equal(StoreOutcomeStatus.Conflict, (await store.RestoreAsync(3, "bob", null, Ct)).Status);
        Assert.Equal(StoreOutcomeStatus.NotFound, (await store.RestoreAsync(9, "bob", null, Ct)).Status);
    }

    [Fact]
    public async Task Save_RefusesBadRulesAndAliases_NamingEach_AndWritesNothing()
    {
        await using var provider = await WorkspaceAsync();
        var store = provider.GetRequiredService<TaxonomyStore>();
        var current = (await store.CurrentAsync(Ct)).Taxonomy;
        var bad = current with
        {
            Rules = [new ChannelRule("Broken", "paid_search", "(a+", null, 1), new ChannelRule("Backref", "email", "(a)\\1", null, 2),
                new ChannelRule("Broken", "Not A Key", "x", null, 3)],
            MediumAliases = new Dictionary<string, string> { ["a"] = "b", ["b"] = "c", [""] = "x" },
        };
        var outcome = await store.SaveAsync(bad, "alice", null, null, Ct);
        Assert.Equal(StoreOutcomeStatus.Invalid, outcome.Status);
        var fields = outcome.Errors.Select(e => e.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "rules[0].source_pattern", "rules[1].source_pattern", "rules[2].channel", "rules[2].name", "medium_aliases.a", "medium_aliases." }, fields);
        Assert.Contains("backtracking", outcome.Errors.Single(e => e.Field == "rules[1].source_pattern").Message);
        Assert.Single(await store.VersionsAsync(Ct));
    }

    // Hand-counted. Six touchpoints under the default taxonomy:
    //   promo-partner / (not set) ×3   unknown
    //   google / cpc                   paid_search
    //   newsletter / email             email
    //   foo / bar                      unknown
    // The candidate adds "promo-partner → affiliate" first and drops the Email rule:
    //   promo-partner ×3: unknown → affiliate; newsletter / email: email → unknown; the rest stay.
    // Changed 4; unknown 4/6 before, 2/6 after.
    [Fact]
    public async Task PreviewImpact_OnAConstructedJourneySet()
    {
        Journey[] journeys =
        [
            new("c1", [new("x", Source: "promo-partner", Medium: "(not set)"), new("x", Source: "google", Medium: "cpc")], 10),
            new("c2", [new("x", Source: "promo-partner", Medium: "(not set)"), new("x", Source: "newsletter", Medium: "email")], 0, false),
            new("c3", [new("x", Source: "promo-partner", Medium: "(not set)"), new("x", Source: "foo", Medium: "bar")], 5),
        ];
        await using var provider = await WorkspaceAsync(journeys);
        var current = await provider.GetRequiredService<TaxonomyStore>().LoadTaxonomyAsync(Ct);
        var withPartner = WithPartnerRule(current);
        var candidate = withPartner with { Rules = [.. withPartner.Rules.Where(r => r.Channel != "email")] };

        var impact = await provider.GetRequiredService<TaxonomyReports>().PreviewImpactAsync(candidate, Ct);
        Assert.Equal((6, 4, 4, 2), (impact.Touchpoints, impact.Changed, impact.UnknownBefore, impact.UnknownAfter));
        Assert.Equal(4.0 / 6, impact.UnknownShareBefore, 12);
        Assert.Equal(2.0 / 6, impact.UnknownShareAfter, 12);
        Assert.Equal(-2.0 / 6, impact.UnknownShareChange, 12);
        Assert.Equal([("unknown", "affiliate", 3), ("email", "unknown", 1)], impact.Transitions.Select(t => (t.From, t.To, t.Touchpoints)));
        Assert.Equal(["promo-partner / (not set)"], impact.Transitions[0].ExamplePairs);
        // Per channel, before → after with what moved in and out (After = Before + In − Out), largest first.
        Assert.Equal([new ChannelShift("unknown", 4, 2, 1, 3), new ChannelShift("affiliate", 0, 3, 3, 0), new ChannelShift("email", 1, 0, 0, 1), new ChannelShift("paid_search", 1, 1, 0, 0)],
            impact.Channels);

        var same = await provider.GetRequiredService<TaxonomyReports>().PreviewImpactAsync(current, Ct);
        Assert.Equal((6, 0), (same.Touchpoints, same.Changed));
        Assert.Empty(same.Transitions);
    }
}
