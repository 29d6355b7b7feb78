using MeiroMmm.Domain.Attribution;
using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Taxonomy;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>The reports on a small journey set in a real, migrated SQLite file; every expected number is worked out by hand below.</summary>
public sealed class TaxonomyReportsTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    // Seven touchpoints under the default taxonomy:
    //   google / cpc                1.0  paid_search
    //   promo-partner / (not set)   0.3  unknown       (twice)
    //   fb / paid_social            0.6  paid_social   (alias)
    //   newsletter / email          1.0  email
    //   (nothing)                   0.0  unknown
    //   foo / bar                   0.3  unknown
    // unknown 4/7; mean confidence 3.5/7 = 0.5; below 0.5: 4/7; source and medium set and mapped: 3/7 each.
    private static readonly Journey[] Journeys =
    [
        new("c1", [new("x", Source: "google", Medium: "cpc"), new("x", Source: "promo-partner", Medium: "(not set)", Campaign: "summer_collab")], 10, true, "order-1"),
        new("c2", [new("x", Source: "fb", Medium: "paid_social"), new("x", Source: "newsletter", Medium: "email"), new("x", Source: "promo-partner", Medium: "(not set)")], 0, false),
        new("c3", [new("x"), new("x", Source: "foo", Medium: "bar")], 5, true, "order-3"),
    ];

    private static async Task<TaxonomyReports> ReportsOnAsync(IEnumerable<Journey> journeys)
    {
        var services = new ServiceCollection();
        await services.AddSeededPersistenceAsync(seedDemo: false);
        var provider = services.BuildServiceProvider();
        await using var db = await provider.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync();
        db.ChannelRules.AddRange(DefaultTaxonomy.Rules.Select(r => r with { }));
        db.ConversionPaths.AddRange(journeys.Select(j => ConversionPathMapper.ToRow(j, "upload", DateTimeOffset.UnixEpoch)));
        await db.SaveChangesAsync();
        return provider.GetRequiredService<TaxonomyReports>();
    }

    [Fact]
    public async Task UnknownShare_OnAConstructedJourneySet()
    {
        var report = await (await ReportsOnAsync(Journeys)).UnknownShareAsync(limit: 10, Ct);
        Assert.Equal((7, 4), (report.Touchpoints, report.Unknown));
        Assert.Equal(4.0 / 7, report.Share, 12);
        Assert.Equal(new UnknownShareReport.ValueShare("promo-partner", 2, 2, 1.0), report.BySource[0]);
        Assert.Equal(["promo-partner", "", "foo", "fb", "google", "newsletter"], report.BySource.Select(s => s.Value));
        Assert.Equal(new UnknownShareReport.ValueShare("(not set)", 2, 2, 1.0), report.ByMedium[0]);
        Assert.Equal([("promo-partner", "(not set)", 2), ("", "", 1), ("foo", "bar", 1)], report.TopUnmappedPairs.Select(p => (p.Source, p.Medium, p.Count)));
        Assert.Equal(4, report.Samples.Count);
        Assert.Equal(("order-1", "summer_collab"), (report.Samples[0].ConversionId, report.Samples[0].Campaign));

        var limited = await (await ReportsOnAsync(Journeys)).UnknownShareAsync(limit: 1, Ct);
        Assert.Single(limited.TopUnmappedPairs);
        Assert.Single(limited.BySource);
    }

    [Fact]
    public async Task Coverage_AndConfidence_OnTheSameSet()
    {
        var reports = await ReportsOnAsync(Journeys);
        var coverage = await reports.CoverageAsync(Ct);
        Assert.Equal(3.0 / 7, coverage.MappedShare, 12);
        Assert.Equal(3.0 / 7, coverage.SourceCoverage, 12);
        Assert.Equal(3.0 / 7, coverage.MediumCoverage, 12);
        Assert.Equal((5, 5), (coverage.DistinctSources, coverage.DistinctMediums));   // "(not set)" is a value too; the empty one is not
        Assert.Equal([("unknown", 4), ("email", 1), ("paid_search", 1), ("paid_social", 1)], coverage.Channels.Select(c => (c.Channel, c.Touchpoints)));
        Assert.Equal(DefaultTaxonomy.Rules.Count, coverage.RuleUsage.Count);
        Assert.Equal(1, coverage.RuleUsage.Single(r => r.Rule == "Paid social").Touchpoints);
        Assert.Equal(0, coverage.RuleUsage.Single(r => r.Rule == "Display").Touchpoints);

        var (all, errors) = await reports.ChannelConfidenceAsync(null, Ct);
        Assert.Empty(errors);
        Assert.Equal(0.5, all!.MeanConfidence, 12);
        Assert.Equal(4.0 / 7, all.LowConfidenceShare, 12);
        Assert.Equal(0.0, all.Samples[0].Confidence);

        var (social, _) = await reports.ChannelConfidenceAsync("paid_social", Ct);
        Assert.Equal((1, 0.6, 0.0), (social!.Touchpoints, social.MeanConfidence, social.LowConfidenceShare));

        var (none, bad) = await reports.ChannelConfidenceAsync("pigeon_post", Ct);
        Assert.Null(none);
        Assert.Equal("channel", Assert.Single(bad).Field);
    }

    [Fact]
    public async Task EmptyWorkspace_GivesZeros_NotNaN()
    {
        var reports = await ReportsOnAsync([]);
        var share = await reports.UnknownShareAsync(10, Ct);
        Assert.Equal((0, 0.0), (share.Touchpoints, share.Share));
        var (confidence, _) = await reports.ChannelConfidenceAsync(null, Ct);
        Assert.Equal(0.0, confidence!.MeanConfidence);
    }
}
