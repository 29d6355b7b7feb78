using MeiroMmm.Domain.Attribution;
using MeiroMmm.Domain.DataQuality;
using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.DataQuality;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>DQ computation and runs on a real, migrated SQLite file with a clock the test moves: fingerprints, snooze, recovery.</summary>
public sealed class DataQualityRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Night1 = new(2026, 3, 10, 1, 30, 0, TimeSpan.Zero);

    /// <summary>A workspace with the default taxonomy, the given journeys, the default rules and a manual clock.</summary>
    internal static async Task<(ServiceProvider Services, ManualClock Clock)> WorkspaceAsync(IEnumerable<Journey> journeys, DateTimeOffset now)
    {
        var services = new ServiceCollection();
        await services.AddSeededPersistenceAsync(seedDemo: false);
        var clock = new ManualClock(now);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton(new NotificationRetrySettings(3, TimeSpan.FromMilliseconds(20)));   // real back-off, test-sized
        var provider = services.BuildServiceProvider();
        await using var db = await provider.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct);
        db.ChannelRules.AddRange(DefaultTaxonomy.Rules.Select(r => r with { }));
        db.ConversionPaths.AddRange(journeys.Select(j => ConversionPathMapper.ToRow(j, "upload", now)));
        await db.SaveChangesAsync(Ct);
        return (provider, clock);
    }

    private static Journey Journey(string id, DateTimeOffset at, string source, string medium, bool converted = true, string? profile = null) =>
        new(profile ?? id, [new Touchpoint("x", at.AddHours(-2), Source: source, Medium: medium)], converted ? 10 : 0, converted,
            converted ? "order-" + id : null, converted ? at : null, converted ? "purchase" : null);

    // ---- computation, by hand ----

    [Fact]
    public async Task Journeys_FreshnessDuplicatesMissingAndDailyVolume_HandComputed()
    {
        // Ten converting journeys on 1 Mar 10:00 plus one each day from 2 to 9 Mar at 10:00; the last, on 9 Mar, has a
        // twin (same profile, time and path) imported under another id. 20 journeys, 1 duplicate; the one non-converting
        // journey has no touch timestamps: missing 1/20.
        var journeys = new List<Journey>();
        var first = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < 10; i++) journeys.Add(Journey($"a{i}", first, "google", "cpc"));
        for (int d = 1; d <= 8; d++) journeys.Add(Journey($"b{d}", first.AddDays(d), "google", "cpc"));
        journeys.Add(Journey("twin", first.AddDays(8), "google", "cpc", profile: "b8"));
        journeys.Add(new Journey("nots", [new Touchpoint("x", Source: "google", Medium: "cpc")], 0, false));
        var (services, _) = await WorkspaceAsync(journeys, Night1);
        var snapshots = await services.GetRequiredService<DqComputation>().JourneysAsync(Night1, Ct);
        double Value(string key, DateTimeOffset? bucket = null) =>
            snapshots.Single(s => s.MetricKey == key && (bucket is null || s.TsBucket == bucket)).MetricValue;

        Assert.Equal(1.0 / 20, Value("duplicate_rate"), 12);
        Assert.Equal(1.0 / 20, Value("missing_value_rate"), 12);
        // newest: 9 Mar 10:00 (conversion); run at 10 Mar 01:30 → 15.5 h
        Assert.Equal(15.5, Value("freshness_hours"), 9);
        var march1 = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(10, Value("journey_volume", march1));
        Assert.Equal(2, Value("journey_volume", march1.AddDays(8)));
        Assert.Equal(9, snapshots.Count(s => s.MetricKey == "journey_volume"));   // 1–9 Mar, nothing before the data starts
        // 9 Mar: 2 journeys against the 8 days before (10 + 7 · 1) / 8 = 2.125 → 0.941…
        Assert.Equal(2 / 2.125, Value("journey_volume_vs_avg"), 12);
    }

    [Fact]
    public async Task ComputeTaxonomy_StoresTheSixMetrics()
    {
        // The TaxonomyReportsTests journey set: unknown 4/7, mean 0.5, low 4/7, coverage 3/7, 3 unmapped pairs.
        Journey[] journeys =
        [
            new("c1", [new("x", Source: "google", Medium: "cpc"), new("x", Source: "promo-partner", Medium: "(not set)")], 10, true, "order-1"),
            new("c2", [new("x", Source: "fb", Medium: "paid_social"), new("x", Source: "newsletter", Medium: "email"), new("x", Source: "promo-partner", Medium: "(not set)")], 0, false),
            new("c3", [new("x"), new("x", Source: "foo", Medium: "bar")], 5, true, "order-3"),
        ];
        var (services, _) = await WorkspaceAsync(journeys, Night1);
        var stored = await services.GetRequiredService<DqRunService>().ComputeTaxonomyAsync(Ct);
        var byKey = (await services.GetRequiredService<DqSnapshotStore>().QueryAsync(null, "taxonomy", null, null, Ct)).ToDictionary(s => s.MetricKey, s => s.MetricValue);
        Assert.Equal(6, stored.Count);
        Assert.Equal(4.0 / 7, byKey["unknown_share"], 12);
        Assert.Equal(0.5, byKey["mean_confidence"], 12);
        Assert.Equal(4.0 / 7, byKey["low_confidence_share"], 12);
        Assert.Equal(3.0 / 7, byKey["source_coverage"], 12);
        Assert.Equal(3.0 / 7, byKey["medium_coverage"], 12);
        Assert.Equal(3, byKey["unmapped_pairs"]);
    }

    // ---- runs, fingerprints, snooze ----

    private static Journey[] StaleJourneysWithUnknowns() =>
    [
        Journey("j1", Night1.AddDays(-5), "google", "cpc"),
        Journey("j2", Night1.AddDays(-5), "promo-partner", "(not set)"),
    ];

    private static async Task<List<AlertEvent>> AlertsAsync(ServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct);
        return await db.AlertEvents.AsNoTracking().OrderBy(a => a.Id).ToListAsync(Ct);
    }

    [Fact]
    public async Task TwoNightlyRuns_StillBreached_OneAlertPerRule()
    {
        var (services, clock) = await WorkspaceAsync(StaleJourneysWithUnknowns(), Night1);
        var runs = services.GetRequiredService<DqRunService>();
        var first = await runs.RunAsync(null, Ct);
        clock.Now = Night1.AddDays(1);
        var second = await runs.RunAsync(null, Ct);

        var alerts = await AlertsAsync(services);
        // Unknown share 50% > 15%, coverage 50% < 80% and < 75%, low-confidence 50% > 25%, mean confidence 0.65 < 0.7,
        // and no journey for 5 days: six default rules, six alerts, raised on the first night only.
        Assert.Equal(6, first.AlertsCreated);
        Assert.Equal((0, 6), (second.AlertsCreated, second.AlertsUpdated));
        Assert.Equal(6, alerts.Count);
        Assert.All(alerts, a => Assert.Equal((AlertStatus.Open, 2), (a.Status, a.Occurrences)));
        Assert.Equal(6, alerts.Select(a => a.Fingerprint).Distinct().Count());
        var freshness = alerts.Single(a => a.MetricKey == "freshness_hours");
        Assert.Equal(AlertSeverity.Critical, freshness.Severity);
        Assert.Equal(6 * 24, freshness.ObservedValue!.Value, 6);   // the journeys converted five days before night 1; this is night 2
        Assert.Equal(Night1.AddDays(1), freshness.LastSeenAt);
        var audit = await services.GetRequiredService<AlertStore>().AuditAsync(freshness.Id, Ct);
        Assert.Equal(["raised"], audit.Select(a => a.Action));
    }

    [Fact]
    public async Task RecoveredRule_IsResolvedByTheRun_AndABreachAfterAManualResolve_RaisesANewAlert()
    {
        var (services, clock) = await WorkspaceAsync(StaleJourneysWithUnknowns(), Night1);
        var runs = services.GetRequiredService<DqRunService>();
        await runs.RunAsync(null, Ct);
        var freshness = (await AlertsAsync(services)).Single(a => a.MetricKey == "freshness_hours");

        // A new google / cpc journey arrives: freshness recovers, and mean confidence rises to (1 + 0.3 + 1) / 3 ≈ 0.77 ≥ 0.7;
        // the run resolves both alerts. Unknown share is still 1/3 > 15%.
        await using (var db = await services.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct))
        {
            db.ConversionPaths.Add(ConversionPathMapper.ToRow(Journey("fresh", Night1.AddHours(20), "google", "cpc"), "upload", Night1));
            await db.SaveChangesAsync(Ct);
        }
        clock.Now = Night1.AddDays(1);
        var summary = await runs.RunAsync(null, Ct);
        Assert.Equal(2, summary.AlertsResolved);
        Assert.Equal(AlertStatus.Resolved, (await AlertsAsync(services)).Single(a => a.MetricKey == "mean_confidence").Status);
        var resolved = (await AlertsAsync(services)).Single(a => a.Id == freshness.Id);
        Assert.Equal((AlertStatus.Resolved, "dq-run"), (resolved.Status, resolved.ResolvedBy));

        // A person resolves the still-breached unknown-share alert; the next run raises a new one (a new fingerprint episode).
        var unknown = (await AlertsAsync(services)).Single(a => a.MetricKey == "unknown_share");
        Assert.NotNull((await services.GetRequiredService<AlertStore>().ResolveAsync(unknown.Id, "analyst", "tag fixed", Ct)).Alert);
        clock.Now = Night1.AddDays(2);
        await runs.RunAsync(null, Ct);
        var unknowns = (await AlertsAsync(services)).Where(a => a.MetricKey == "unknown_share").ToList();
        Assert.Equal([AlertStatus.Resolved, AlertStatus.Open], unknowns.Select(a => a.Status));
        Assert.Equal(unknowns[0].Fingerprint, unknowns[1].Fingerprint);
    }

    [Fact]
    public async Task Snooze_MutesUntilItEnds_ThenTheRunNotifiesAgain()
    {
        await using var webhook = new WebhookTestServer(FreePort.Next());
        var (services, clock) = await WorkspaceAsync(StaleJourneysWithUnknowns(), Night1);
        var channels = services.GetRequiredService<NotificationChannelStore>();
        var (channel, _) = await channels.CreateAsync(new NotificationChannelDraft("ops slack", NotificationChannelKind.Slack, true, null, webhook.Url), Ct);
        var ruleStore = services.GetRequiredService<AlertRuleStore>();
        await ruleStore.EnsureDefaultsAsync(Ct);
        // Only the freshness rule stays on, and it notifies the channel.
        foreach (var rule in await ruleStore.ListAsync(Ct))
        {
            bool freshness = rule.MetricKey == "freshness_hours";
            await ruleStore.UpdateAsync(rule.Id, new AlertRuleDraft(rule.Name, rule.MetricKey, rule.Source, rule.RuleType, rule.Operator, rule.Threshold,
                rule.LookbackHours, rule.MinVolume, rule.Severity, freshness, freshness ? [channel!.Id] : []), Ct);
        }
        var runs = services.GetRequiredService<DqRunService>();
        var alerts = services.GetRequiredService<AlertStore>();

        await runs.RunAsync(null, Ct);
        Assert.Equal(1, webhook.Requests);
        long id = (await AlertsAsync(services)).Single().Id;
        var snoozed = await alerts.SnoozeAsync(id, Night1.AddDays(2), "analyst", "vendor is late", Ct);
        Assert.Equal(Night1.AddDays(2), snoozed.Alert!.SnoozedUntil);
        Assert.Single(await alerts.ListAsync(new AlertFilter(Snoozed: true), Ct));

        clock.Now = Night1.AddDays(1);   // still snoozed: updated, not notified
        await runs.RunAsync(null, Ct);
        Assert.Equal(1, webhook.Requests);

        clock.Now = Night1.AddDays(3);   // snooze over and still breached: notified again, snooze cleared
        await runs.RunAsync(null, Ct);
        Assert.Equal(2, webhook.Requests);
        Assert.Contains("Still breached", webhook.Bodies.Last());
        var alert = (await AlertsAsync(services)).Single();
        Assert.Null(alert.SnoozedUntil);
        Assert.Equal(3, alert.Occurrences);
        Assert.Equal(["raised", "snoozed", "renotified"], (await alerts.AuditAsync(id, Ct)).Select(a => a.Action));
        Assert.Equal(AlertStatus.Open, alert.Status);
    }

    [Fact]
    public async Task AlertActions_FollowTheLifecycle_AndAreAudited()
    {
        var (services, _) = await WorkspaceAsync(StaleJourneysWithUnknowns(), Night1);
        await services.GetRequiredService<DqRunService>().RunAsync(null, Ct);
        var store = services.GetRequiredService<AlertStore>();
        long id = (await AlertsAsync(services))[0].Id;
        Assert.Equal(AlertStatus.Acknowledged, (await store.AcknowledgeAsync(id, "ana", "looking", Ct)).Alert!.Status);
        Assert.NotNull((await store.AcknowledgeAsync(id, "ana", null, Ct)).Conflict);
        Assert.NotNull((await store.SnoozeAsync(id, Night1.AddHours(-1), "ana", null, Ct)).Conflict);
        Assert.Equal("note", (await store.AddNoteAsync(id, "bob", "   ", Ct)).Errors!.Single().Field);
        await store.AddNoteAsync(id, "bob", "caused by the CDP outage", Ct);
        var resolved = (await store.ResolveAsync(id, "bob", null, Ct)).Alert!;
        Assert.Equal((AlertStatus.Resolved, "bob", "caused by the CDP outage"), (resolved.Status, resolved.ResolvedBy, resolved.Note));
        Assert.True((await store.ResolveAsync(999_999, "bob", null, Ct)).NotFound);
        var audit = await store.AuditAsync(id, Ct);
        Assert.Equal([("dq-run", "raised"), ("ana", "acknowledged"), ("bob", "noted"), ("bob", "resolved")], audit.Select(a => (a.Actor, a.Action)));
    }

    [Fact]
    public async Task DefaultRules_AreTheSeedsTargets_AndAreSeededOnce()
    {
        var (services, _) = await WorkspaceAsync([], Night1);
        var store = services.GetRequiredService<AlertRuleStore>();
        Assert.True(await store.EnsureDefaultsAsync(Ct));
        var rules = await store.ListAsync(Ct);
        Assert.Equal(6, rules.Count);
        Assert.Contains(rules, r => r is { MetricKey: "unknown_share", RuleType: AlertRuleType.Threshold, Operator: ThresholdOperator.Gt, Threshold: 0.15 });
        Assert.Contains(rules, r => r is { MetricKey: "medium_coverage", Operator: ThresholdOperator.Lt, Threshold: 0.75 });
        Assert.Contains(rules, r => r is { MetricKey: "freshness_hours", RuleType: AlertRuleType.MissingForHours, Threshold: 24 });
        await store.DeleteAsync(rules[0].Id, Ct);
        Assert.False(await store.EnsureDefaultsAsync(Ct));
        Assert.Equal(5, (await store.ListAsync(Ct)).Count);
    }

    [Fact]
    public async Task RuleStore_RefusesBadRules_NamingTheField()
    {
        var (services, _) = await WorkspaceAsync([], Night1);
        var store = services.GetRequiredService<AlertRuleStore>();
        var (rule, errors) = await store.CreateAsync(new AlertRuleDraft(" ", "nope", null, AlertRuleType.Threshold, null, 1, null, null, AlertSeverity.Info, true, [42]), Ct);
        Assert.Null(rule);
        Assert.Equal(["channel_ids", "metric_key", "name", "operator"], errors.Select(e => e.Field).Distinct().Order());
    }
}
