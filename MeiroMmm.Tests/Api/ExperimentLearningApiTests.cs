using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MeiroMmm.Domain.Attribution;
using MeiroMmm.Domain.Experiments;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Experiments;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Api;

/// <summary>
/// What experiments add beyond one result: the outcome window, the nightly report's alerts, auto-assign from stored
/// conversion paths, the meta-analysis (against statsmodels' figures) and the MMM lift test — on the real host and SQLite.
/// Groups are written straight into the database where a test needs exact group sizes.
/// </summary>
public sealed class ExperimentLearningApiTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
{
    private static readonly JsonElement Meta = ReferenceFiles.Json("experiments/meta_analysis.json");
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>An experiment with exact groups: per group the outcome values of its converters, then non-converters up to n.</summary>
    private async Task<int> SeedAsync(string key, string channel, ExperimentStatus status, DateTimeOffset start, DateTimeOffset end,
        (long N, double[] Values) treatment, (long N, double[] Values) control, DateTimeOffset? convertedAt = null)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var e = new Experiment { Key = key, Name = key, Channel = channel, TreatmentRate = 0.5, Salt = "s", Status = status, StartAt = start, EndAt = end, CreatedAt = start };
        db.Experiments.Add(e);
        await db.SaveChangesAsync(Ct);
        foreach (var (group, (n, values)) in new[] { (ExperimentGroup.Treatment, treatment), (ExperimentGroup.Control, control) })
            for (long i = 0; i < n; i++)
            {
                string profile = $"{key}-{group}-{i}";
                db.ExperimentAssignments.Add(new ExperimentAssignment { ExperimentId = e.Id, ProfileId = profile, Group = group, AssignedAt = start });
                if (i < values.Length)
                    db.ExperimentOutcomes.Add(new ExperimentOutcome { ExperimentId = e.Id, ProfileId = profile, ConvertedAt = convertedAt ?? start.AddDays(1), Value = values[i], DedupKey = $"c:{profile}" });
            }
        await db.SaveChangesAsync(Ct);
        return e.Id;
    }

    private static readonly DateTimeOffset Nov1 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Outcomes_OutsideTheExperimentWindow_AreCountedButNotUsed()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var created = await JsonAsync(await client.PostAsJsonAsync("/api/experiments",
            new { name = "Window test", channel = "push", start_at = Nov1, end_at = Nov1.AddDays(9) }, Ct), HttpStatusCode.Created);
        int id = created.GetProperty("id").GetInt32();
        string[] profiles = [.. Enumerable.Range(0, 200).Select(i => $"w-{i}")];
        await JsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/assign", new { profile_ids = profiles }, Ct));
        // Before the start, inside, inside the 7-day latency after the end, and after it.
        DateTimeOffset[] times = [Nov1.AddDays(-2), Nov1.AddDays(4), Nov1.AddDays(15), Nov1.AddDays(19)];
        var outcomes = profiles.Take(4).Select((p, i) => new { profile_id = p, conversion_id = $"w-c-{i}", converted_at = times[i], value = 10.0 });
        await JsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/outcomes", new { outcomes }, Ct));

        var results = await JsonAsync(await client.GetAsync($"/api/experiments/{id}/results", Ct));
        var itt = results.GetProperty("intention_to_treat");
        Assert.Equal(2, itt.GetProperty("conversions_treatment").GetInt64() + itt.GetProperty("conversions_control").GetInt64());
        Assert.Equal(20.0, itt.GetProperty("value_treatment").GetDouble() + itt.GetProperty("value_control").GetDouble(), 9);
        Assert.Equal(2, results.GetProperty("outcomes_outside_window").GetInt64());
    }

    [Fact]
    public async Task NightlyReport_OverTheApi_RaisesAlerts_AndNeedsAnAnalyst()
    {
        int id = await SeedAsync("nightly-alerts", "sms", ExperimentStatus.Running, DateTimeOffset.UtcNow.AddDays(-20), DateTimeOffset.UtcNow.AddDays(10),
            (1000, [.. Enumerable.Repeat(5.0, 150)]), (1000, [.. Enumerable.Repeat(5.0, 50)]), convertedAt: DateTimeOffset.UtcNow.AddDays(-10));
        var viewer = await app.CreateClientAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/experiments/nightly-report", null, Ct)).StatusCode);

        var analyst = await app.CreateClientAsync(Roles.Analyst);
        var report = await JsonAsync(await analyst.PostAsync("/api/experiments/nightly-report", null, Ct));
        var row = report.GetProperty("experiments").EnumerateArray().Single(e => e.GetProperty("id").GetInt32() == id);
        var kinds = row.GetProperty("alerts").EnumerateArray().Select(a => (a.GetProperty("kind").GetString(), a.GetProperty("level").GetString())).ToList();
        // 15% vs 5% over 20 days of daily looks is far past the mSPRT bar; the last activity was 10 days ago.
        Assert.Contains(("significant_positive", "success"), kinds);
        Assert.Contains(("stale", "warning"), kinds);
        var history = await JsonAsync(await analyst.GetAsync($"/api/experiments/{id}/results/history", Ct));
        Assert.Contains(history.EnumerateArray().Single().GetProperty("results").GetProperty("alerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "stale");

        // The same alerts in the shared inbox, once per experiment and kind however often the report runs.
        await JsonAsync(await analyst.PostAsync("/api/experiments/nightly-report", null, Ct));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct);
        var inbox = await db.AlertEvents.Where(a => a.Source == "nightly-alerts").ToListAsync(Ct);
        Assert.Equal(["experiment.significant_positive", "experiment.stale"], inbox.Select(a => a.MetricKey).Order());
        Assert.All(inbox, a => Assert.Equal(2, a.Occurrences));
        Assert.Equal(MeiroMmm.Domain.DataQuality.AlertSeverity.Warning, inbox.Single(a => a.MetricKey == "experiment.stale").Severity);
    }

    [Fact]
    public async Task AutoAssign_TakesProfilesTouchedByTheChannelInThePeriod()
    {
        var t0 = new DateTimeOffset(2019, 3, 1, 0, 0, 0, TimeSpan.Zero);   // long before the demo's journeys
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct))
        {
            Journey J(string profile, params (string Channel, int Day)[] touches) =>
                new(profile, [.. touches.Select(t => new Touchpoint(t.Channel, t0.AddDays(t.Day)))], 1, ConversionId: $"aa-{profile}");
            foreach (var j in new[]
            {
                J("aa-in", ("Email", 3)), J("aa-before", ("Email", -5), ("Paid Search", 3)), J("aa-other", ("Paid Search", 4)),
                J("aa-long", ("Display", -30), ("email", 6)), J("aa-after", ("Email", 20)),
            })
                db.ConversionPaths.Add(ConversionPathMapper.ToRow(j, "test", t0));
            await db.SaveChangesAsync(Ct);
        }
        var client = await app.CreateClientAsync(Roles.Analyst);
        int id = (await JsonAsync(await client.PostAsJsonAsync("/api/experiments",
            new { name = "Auto-assign test", channel = "email", start_at = t0, end_at = t0.AddDays(14) }, Ct), HttpStatusCode.Created)).GetProperty("id").GetInt32();

        var body = new { from = t0, to = t0.AddDays(10) };
        var first = await JsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/auto-assign", body, Ct));
        Assert.Equal(2, first.GetProperty("candidates").GetInt32());
        Assert.Equal(2, first.GetProperty("newly_assigned").GetInt32());
        Assert.Equal("email", first.GetProperty("channel").GetString());
        var again = await JsonAsync(await client.PostAsJsonAsync($"/api/experiments/{id}/auto-assign", body, Ct));
        Assert.Equal(0, again.GetProperty("newly_assigned").GetInt32());
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct))
            Assert.Equal(["aa-in", "aa-long"], await db.ExperimentAssignments.Where(a => a.ExperimentId == id).Select(a => a.ProfileId).OrderBy(p => p).ToListAsync(Ct));

        var bad = await client.PostAsJsonAsync($"/api/experiments/{id}/auto-assign", new { from = t0 }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"to\"", await bad.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task MetaAnalysis_OfCompletedExperiments_MatchesStatsmodels()
    {
        var expected = Meta.GetProperty("cases").GetProperty("email_four_holdouts");
        int i = 0;
        foreach (var x in expected.GetProperty("experiments").EnumerateArray())
        {
            static double[] Ones(long n) => [.. Enumerable.Repeat(1.0, (int)n)];
            await SeedAsync($"meta-{i++}", "meta_email", ExperimentStatus.Completed, Nov1, Nov1.AddDays(14),
                (x.GetProperty("n_treatment").GetInt64(), Ones(x.GetProperty("conversions_treatment").GetInt64())),
                (x.GetProperty("n_control").GetInt64(), Ones(x.GetProperty("conversions_control").GetInt64())));
        }
        await SeedAsync("meta-running", "meta_email", ExperimentStatus.Running, Nov1, Nov1.AddDays(14), (50, [1]), (50, [1]));   // not completed: left out

        var client = await app.CreateClientAsync(Roles.Viewer);
        var meta = await JsonAsync(await client.GetAsync("/api/experiments/meta-analysis?channel=meta_email", Ct));
        var studies = meta.GetProperty("experiments").EnumerateArray().ToList();
        Assert.Equal(4, studies.Count);
        var logRatios = expected.GetProperty("log_ratio").EnumerateArray().Select(v => v.GetDouble()).ToList();
        var ses = expected.GetProperty("se").EnumerateArray().Select(v => v.GetDouble()).ToList();
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(logRatios[k], studies[k].GetProperty("log_risk_ratio").GetDouble(), 9);
            Assert.Equal(ses[k], studies[k].GetProperty("standard_error").GetDouble(), 9);
        }
        Assert.Equal(1.0, studies.Sum(s => s.GetProperty("fixed_weight").GetDouble()), 12);
        var fe = expected.GetProperty("fixed_effect");
        Assert.Equal(fe.GetProperty("log_ratio").GetDouble(), meta.GetProperty("fixed_effect").GetProperty("log_risk_ratio").GetDouble(), 9);
        Assert.Equal(Math.Exp(fe.GetProperty("ci_low").GetDouble()) - 1, meta.GetProperty("fixed_effect").GetProperty("rel_ci_low").GetDouble(), 9);
        Assert.Equal(expected.GetProperty("q").GetDouble(), meta.GetProperty("q").GetDouble(), 9);
        Assert.Equal(expected.GetProperty("i2").GetDouble(), meta.GetProperty("i2").GetDouble(), 9);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/experiments/meta-analysis", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/experiments/meta-analysis?ids=1,x", Ct)).StatusCode);
    }

    [Fact]
    public async Task LiftTest_OfACompletedExperiment_ByHand()
    {
        // Treatment values 30, 10, 0, 0 (mean 10, variance 200); control 10, 0, 0, 0 (mean 2.5, variance 25):
        // uplift 7.5 per profile, SE √(200/4 + 25/4) = 7.5; 28 days = 4 weekly periods of 1 treatment profile each.
        int id = await SeedAsync("lift-test", "email", ExperimentStatus.Completed, Nov1, Nov1.AddDays(28), (4, [30, 10]), (4, [10]));
        var client = await app.CreateClientAsync(Roles.Viewer);
        var lift = await JsonAsync(await client.GetAsync($"/api/experiments/{id}/lift-test?spend=400", Ct));
        var daily = await JsonAsync(await client.GetAsync($"/api/experiments/{id}/lift-test?spend=400&period_days=1", Ct));
        Assert.Equal(28, daily.GetProperty("periods").GetDouble(), 9);   // the snake_case query name binds
        Assert.Equal(0, lift.GetProperty("x").GetDouble());
        Assert.Equal(100, lift.GetProperty("delta_x").GetDouble(), 9);
        Assert.Equal(7.5, lift.GetProperty("delta_y").GetDouble(), 9);
        Assert.Equal(7.5, lift.GetProperty("sigma").GetDouble(), 9);
        Assert.Equal(4, lift.GetProperty("periods").GetDouble(), 9);

        var csv = await client.GetAsync($"/api/experiments/{id}/lift-test?spend=400&format=csv&channel=email_spend", Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("channel,x,delta_x,delta_y,sigma\nemail_spend,0,100,7.5,7.5\n", await csv.Content.ReadAsStringAsync(Ct));
        var (tests, problems) = MeiroMmm.Infrastructure.Mmm.LiftTestCsvReader.Read(new StringReader(await csv.Content.ReadAsStringAsync(Ct)));
        Assert.Empty(problems);
        Assert.Equal(7.5, Assert.Single(tests).DeltaY, 12);

        var missingSpend = await client.GetAsync($"/api/experiments/{id}/lift-test", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missingSpend.StatusCode);
        Assert.Contains("spend", await missingSpend.Content.ReadAsStringAsync(Ct));
        int running = await SeedAsync("lift-running", "email", ExperimentStatus.Running, Nov1, Nov1.AddDays(28), (4, [30, 10]), (4, [10]));
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync($"/api/experiments/{running}/lift-test?spend=400", Ct)).StatusCode);
    }

    [Fact]
    public async Task PooledLiftTest_OfAChannel_ByHand()
    {
        // Two completed experiments, each with value uplift 7.5 per profile and SE 7.5 (see LiftTest_OfACompletedExperiment_ByHand):
        // pooled 7.5 with SE 7.5/√2 and τ² = 0; 2 profiles per period at 50 each → Δx 100, Δy 15, σ 15/√2.
        await SeedAsync("pool-a", "pooled_email", ExperimentStatus.Completed, Nov1, Nov1.AddDays(28), (4, [30, 10]), (4, [10]));
        await SeedAsync("pool-b", "pooled_email", ExperimentStatus.Completed, Nov1, Nov1.AddDays(28), (4, [30, 10]), (4, [10]));
        var client = await app.CreateClientAsync(Roles.Viewer);
        var lift = await JsonAsync(await client.GetAsync("/api/experiments/meta-analysis/lift-test?channel=pooled_email&profiles_per_period=2&cost_per_profile=50&mmm_channel=email_spend", Ct));
        Assert.Equal("email_spend", lift.GetProperty("channel").GetString());
        Assert.Equal(0, lift.GetProperty("x").GetDouble());
        Assert.Equal(100, lift.GetProperty("delta_x").GetDouble(), 9);
        Assert.Equal(15, lift.GetProperty("delta_y").GetDouble(), 9);
        Assert.Equal(15 / Math.Sqrt(2), lift.GetProperty("sigma").GetDouble(), 9);
        Assert.Equal(["pool-a", "pool-b"], lift.GetProperty("experiments").EnumerateArray().Select(e => e.GetString()));

        var missing = await client.GetAsync("/api/experiments/meta-analysis/lift-test?channel=pooled_email", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        string text = await missing.Content.ReadAsStringAsync(Ct);
        Assert.Contains("profiles_per_period", text);
        Assert.Contains("cost_per_profile", text);
    }
}
