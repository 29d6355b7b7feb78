using System.Text.Json;
using MeiroMmm.Domain.Attribution;
using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Demo;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Taxonomy;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>
/// The taxonomy reports count touchpoints per tag in SQL (json_each / jsonb_array_elements); each test checks the SQL
/// counts, and every report built from them, against the same counts made by reading every journey in process.
/// </summary>
public sealed class TaxonomyReportsInDatabaseTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    // Values that a GROUP BY could get wrong: case and spacing variants (distinct raw tags that normalize alike), an empty
    // string next to an absent value (both count as ""), quotes, non-ASCII, a percent-encoded value, a repeated tag
    // inside one journey, and a journey with no touchpoints at all.
    private static readonly Journey[] Tricky =
    [
        new("p1", [new("x", Source: "google", Medium: "cpc"), new("x", Source: "Google", Medium: "CPC"), new("x", Source: "google ", Medium: "cpc")], 1, true, "t-1"),
        new("p2", [new("x", Source: "", Medium: "email"), new("x", Medium: "email"), new("x", Source: "it's \"quoted\"", Medium: "referral")], 0, false, "t-2"),
        new("p3", [new("x", Source: "zoznam.sk", Medium: "organic", Campaign: "léto_2024"), new("x", Source: "promo%20partner", Medium: "(not set)")], 0, false, "t-3"),
        new("p4", [new("x", Source: "fb", Medium: "paid_social", Campaign: "a"), new("x", Source: "fb", Medium: "paid_social", Campaign: "a"), new("x")], 3, true, "t-4"),
        new("p5", [], 0, false, "t-5"),
        new("p6", [new("x", Source: "promo%20partner", Medium: "(not set)"), new("x", Source: "Google", Medium: "CPC")], 2, true, "t-6"),
    ];

    [Fact]
    public async Task Sqlite_ConstructedCase_SqlCountsEqualTheInMemoryCount() =>
        await AssertSqlMatchesInMemoryAsync(await ProviderAsync(TestDatabase.NewSqlite(), Tricky));

    [Fact]
    public async Task Postgres_ConstructedCase_SqlCountsEqualTheInMemoryCount() =>
        await AssertSqlMatchesInMemoryAsync(await ProviderAsync(await TestDatabase.NewPostgresAsync(), Tricky));

    [Fact]
    public async Task Sqlite_Demo_SqlCountsEqualTheInMemoryCount() =>
        await AssertSqlMatchesInMemoryAsync(await ProviderAsync(TestDatabase.NewSqlite(), journeys: null));

    [Fact]
    public async Task Postgres_Demo_SqlCountsEqualTheInMemoryCount() =>
        await AssertSqlMatchesInMemoryAsync(await ProviderAsync(await TestDatabase.NewPostgresAsync(), journeys: null));

    [Fact]
    public async Task ConstructedCase_HandCounted()
    {
        await using var provider = await ProviderAsync(TestDatabase.NewSqlite(), Tricky);
        await using var db = await provider.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct);
        var tags = (await TouchpointTagQuery.CountAsync(db, Ct)).ToDictionary(t => t.Tag);
        Assert.Equal(13, tags.Values.Sum(t => t.Touchpoints));
        Assert.Equal((1, 1), (tags[("google", "cpc", "")].Touchpoints, tags[("google", "cpc", "")].FirstPathId));
        // Absent and empty are the same tag; the demo's two spellings of Google stay two raw tags (the mapper merges them).
        Assert.Equal(2, tags[("", "email", "")].Touchpoints);
        Assert.Equal((2, 1), (tags[("Google", "CPC", "")].Touchpoints, tags[("Google", "CPC", "")].FirstPathId));
        Assert.Equal((2, 3), (tags[("promo%20partner", "(not set)", "")].Touchpoints, tags[("promo%20partner", "(not set)", "")].FirstPathId));
        Assert.Equal(2, tags[("fb", "paid_social", "a")].Touchpoints);
        Assert.Equal(1, tags[("zoznam.sk", "organic", "léto_2024")].Touchpoints);
        Assert.Equal(1, tags[("it's \"quoted\"", "referral", "")].Touchpoints);
        Assert.Equal(4, tags[("", "", "")].FirstPathId);

        var coverage = await provider.GetRequiredService<TaxonomyReports>().CoverageAsync(Ct);
        Assert.Equal(13, coverage.Touchpoints);
        Assert.Equal(4, coverage.Channels.Single(c => c.Channel == "paid_search").Touchpoints);   // google, "google ", Google twice (normalized alike)
        Assert.Equal(2, coverage.Channels.Single(c => c.Channel == "email").Touchpoints);
    }

    private async Task AssertSqlMatchesInMemoryAsync(ServiceProvider provider)
    {
        await using (provider)
        {
            var factory = provider.GetRequiredService<IDbContextFactory<MeiroDbContext>>();
            await using (var db = await factory.CreateDbContextAsync(Ct))
            {
                var sql = await TouchpointTagQuery.CountAsync(db, Ct);
                var memory = await InMemoryTouchpointTags.CountAsync(db, Ct);
                Assert.NotEmpty(memory);
                Assert.Equal(Canonical(memory), Canonical(sql));
            }

            var inSql = provider.GetRequiredService<TaxonomyReports>();
            var inMemory = new TaxonomyReports(factory, provider.GetRequiredService<TaxonomyStore>()) { CountTags = InMemoryTouchpointTags.CountAsync };
            Assert.Equal(Json(await inMemory.UnknownShareAsync(100, Ct)), Json(await inSql.UnknownShareAsync(100, Ct)));
            Assert.Equal(Json(await inMemory.CoverageAsync(Ct)), Json(await inSql.CoverageAsync(Ct)));
            Assert.Equal(Json((await inMemory.ChannelConfidenceAsync(null, Ct)).Report), Json((await inSql.ChannelConfidenceAsync(null, Ct)).Report));
            var candidate = DefaultTaxonomy.Taxonomy with { Rules = [new ChannelRule("Promo", "affiliate", "promo.*", null, 1), .. DefaultTaxonomy.Rules] };
            Assert.Equal(Json(await inMemory.PreviewImpactAsync(candidate, Ct)), Json(await inSql.PreviewImpactAsync(candidate, Ct)));
        }
    }

    private static List<string> Canonical(IEnumerable<TouchpointTagCount> tags) =>
        [.. tags.Select(t => $"{t.Source}|{t.Medium}|{t.Campaign}|{t.Touchpoints}|{t.FirstPathId}").Order(StringComparer.Ordinal)];

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, StoredJson.Options);

    /// <summary>A migrated database with the default taxonomy and <paramref name="journeys"/>, or the demo when null.</summary>
    private async Task<ServiceProvider> ProviderAsync(DatabaseSettings settings, IEnumerable<Journey>? journeys)
    {
        var provider = new ServiceCollection().AddLogging().AddSingleton(settings).AddMeiroPersistence().BuildServiceProvider();
        await provider.GetRequiredService<DatabaseInitializer>().MigrateAsync(Ct);
        if (journeys is null)
        {
            await provider.GetRequiredService<DemoWorkspaceSeeder>().SeedAsync(Ct);
            return provider;
        }
        await using var db = await provider.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct);
        db.ChannelRules.AddRange(DefaultTaxonomy.Rules.Select(r => r with { }));
        db.ConversionPaths.AddRange(journeys.Select(j => ConversionPathMapper.ToRow(j, "upload", DateTimeOffset.UnixEpoch)));
        await db.SaveChangesAsync(Ct);
        return provider;
    }
}
