using System.Text.Json.Nodes;
using MeiroMmm.Domain.Configs;
using MeiroMmm.Domain.Explainability;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Configs;
using MeiroMmm.Infrastructure.Explainability;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Taxonomy;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>On the demo in SQLite: a config activated and a taxonomy version saved between two periods show up as comparability reasons.</summary>
public sealed class ExplainabilityServiceTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Between = new(2026, 9, 15, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ConfigAndTaxonomyChangedBetweenThePeriods_AreReasons_WithTheDiffAndTheTouchpointsMoved()
    {
        var services = new ServiceCollection();
        await services.AddSeededPersistenceAsync(seedDemo: true);
        await using var provider = services.BuildServiceProvider();
        var dbFactory = provider.GetRequiredService<IDbContextFactory<MeiroDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
        {
            // History rewritten to what a workspace would hold: the default config and taxonomy from January, and on
            // 15 September a config with a 45-day click window and a taxonomy that renames the email channel.
            var old = await db.ModelConfigs.SingleAsync(Ct);
            var json = JsonNode.Parse(old.ConfigJson)!;
            json["windows"]!["click_lookback_days"] = 45;
            old.ActivatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            old.ArchivedAt = Between;
            old.Status = ModelConfigStatus.Archived;
            old.ActiveConversionKey = null;
            await db.SaveChangesAsync(Ct);
            db.ModelConfigs.Add(new StoredModelConfig
            {
                Name = "Longer click window", ConversionKey = old.ConversionKey, ActiveConversionKey = old.ConversionKey, Status = ModelConfigStatus.Active,
                ConfigJson = json.ToJsonString(), CreatedBy = "test", CreatedAt = Between, UpdatedAt = Between, ActivatedAt = Between,
            });
            var first = await db.TaxonomyVersions.SingleAsync(Ct);
            first.CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            db.TaxonomyVersions.Add(new TaxonomyVersion
            {
                Version = 2, TaxonomyJson = first.TaxonomyJson.Replace("\"email\"", "\"crm\"", StringComparison.Ordinal),
                Actor = "test", CreatedAt = Between, RuleCount = first.RuleCount,
            });
            await db.SaveChangesAsync(Ct);
        }

        var service = provider.GetRequiredService<ExplainabilityService>();
        var summary = await service.ExplainAsync(new ExplainabilityRequest("channel",
            new DateOnly(2026, 9, 28), new DateOnly(2026, 10, 25), new DateOnly(2026, 8, 3), new DateOnly(2026, 8, 30)), Ct);

        var config = Assert.IsType<ConfigChange>(summary.ConfigChange);
        Assert.Equal(["windows.click_lookback_days 30 → 45"], config.Lines);
        var taxonomy = Assert.IsType<TaxonomyChange>(summary.TaxonomyChange);
        Assert.Equal((1, 2), (taxonomy.CompareVersion, taxonomy.CurrentVersion));
        Assert.True(taxonomy.MovedTouchpoints > 0);
        // The moved touchpoints are exactly the two periods' e-mail touches (newsletter / email in the demo's tags).
        int emailTouches = 0;
        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
            foreach (var path in await db.ConversionPaths.Where(p => (p.JourneyDate >= new DateOnly(2026, 9, 28) && p.JourneyDate <= new DateOnly(2026, 10, 25))
                         || (p.JourneyDate >= new DateOnly(2026, 8, 3) && p.JourneyDate <= new DateOnly(2026, 8, 30))).Select(p => p.PathJson).ToListAsync(Ct))
                emailTouches += ConversionPathMapper.ReadTouchpoints(path).Count(t => t.Channel == "email");
        Assert.Equal(emailTouches, taxonomy.MovedTouchpoints);
        var codes = summary.Comparability.Reasons.Select(r => r.Code).ToList();
        Assert.Contains("config_changed", codes);
        Assert.Contains("taxonomy_changed", codes);
        Assert.Equal("low", summary.Comparability.Level);   // e-mail is more than 5% of the touches
        Assert.Contains(summary.Narrative, s => s.Text.Contains("model config changed", StringComparison.Ordinal));
    }
}
