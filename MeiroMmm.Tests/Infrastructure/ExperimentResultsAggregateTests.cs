using MeiroMmm.Domain.Experiments;
using MeiroMmm.Infrastructure;
using MeiroMmm.Infrastructure.Experiments;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>
/// Results summed by the database (ExperimentAggregates) against the same statistics computed here in memory,
/// profile by profile, with <see cref="UpliftAnalysis"/> and <see cref="WelchTest"/> on the value arrays: on a real
/// migrated SQLite file and on the real PostgreSQL. The data has what makes the SQL easy to get wrong: several outcomes
/// per profile, outcomes before the start and after the window, conversions logged before the profile's assignment day,
/// profiles exposed twice, exposed control profiles, and outcomes and exposures of profiles never assigned.
/// </summary>
public sealed class ExperimentResultsAggregateTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2026, 3, 15, 0, 0, 0, TimeSpan.Zero);
    private const double LatencyDays = 7;   // the default ExperimentOptions.ConversionLatencyDays
    private const double Rate = 0.3;

    [Fact]
    public async Task Sqlite_ResultsAndSeries_EqualTheInMemoryComputation() =>
        await AssertEqualToInMemoryAsync(TestDatabase.NewSqlite());

    [Fact]
    public async Task Postgres_ResultsAndSeries_EqualTheInMemoryComputation() =>
        await AssertEqualToInMemoryAsync(await TestDatabase.NewPostgresAsync());

    [Fact]
    public async Task Sqlite_AnExperimentWithoutAssignments_HasNoViewsAndNoSeries()
    {
        await using var provider = await ProviderAsync(TestDatabase.NewSqlite());
        int id = await SeedAsync(provider, profiles: 0);
        var service = provider.GetRequiredService<ExperimentResultsService>();
        var results = (await service.ResultsAsync(id, Ct))!;
        Assert.Null(results.IntentionToTreat);
        Assert.Null(results.ValuePerProfile);
        Assert.NotNull(results.Note);
        Assert.Empty((await service.TimeSeriesAsync(id, Ct))!);
        Assert.Null(await service.ResultsAsync(id + 1000, Ct));
    }

    private async Task AssertEqualToInMemoryAsync(DatabaseSettings settings)
    {
        await using var provider = await ProviderAsync(settings);
        int id = await SeedAsync(provider, profiles: 3000);
        var service = provider.GetRequiredService<ExperimentResultsService>();
        var results = (await service.ResultsAsync(id, Ct))!;
        var series = (await service.TimeSeriesAsync(id, Ct))!;

        await using var db = await provider.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct);
        var expected = await InMemoryAsync(db, id);

        AssertSame(UpliftSummary.From(UpliftAnalysis.Analyze(expected.Totals(expected.Treatment), expected.Totals(expected.Control), Rate)), results.IntentionToTreat!);
        var exposedTreatment = expected.Treatment.Where(p => p.Exposed).ToList();
        AssertSame(UpliftSummary.From(UpliftAnalysis.Analyze(expected.Totals(exposedTreatment), expected.Totals(expected.Control), Rate)), results.PerProtocol!);
        Assert.Equal(exposedTreatment.Count, results.ExposedTreatment);
        Assert.Equal((double)exposedTreatment.Count / expected.Treatment.Count, results.ExposureCoverage!.Value, 15);
        Assert.Equal(expected.OutsideWindow, results.OutcomesOutsideWindow);
        Assert.True(expected.OutsideWindow > 0, "the data has outcomes outside the window");

        // Welch on the value arrays, two-pass variance, against the database's sums of squares.
        var welch = WelchTest.Compare([.. expected.Treatment.Select(p => p.Value)], [.. expected.Control.Select(p => p.Value)]);
        var value = results.ValuePerProfile!;
        Assert.Equal(welch.MeanDifference, value.MeanDifference, 1e-9);
        Assert.Equal(welch.StandardError, value.StandardError!.Value, 1e-9 * welch.StandardError);
        Assert.Equal(welch.T!.Value, value.T!.Value, 1e-9);
        Assert.Equal(welch.DegreesOfFreedom!.Value, value.DegreesOfFreedom!.Value, 1e-6);
        Assert.Equal(welch.PValue!.Value, value.PValue!.Value, 1e-9);
        Assert.Equal(welch.Ci!.Value.Low, value.CiLow!.Value, 1e-9);
        Assert.Equal(welch.Ci!.Value.High, value.CiHigh!.Value, 1e-9);

        var expectedSeries = expected.Series();
        Assert.Equal(expectedSeries.Select(p => (p.Date, p.NTreatment, p.ConversionsTreatment, p.NControl, p.ConversionsControl)),
            series.Select(p => (p.Date, p.NTreatment, p.ConversionsTreatment, p.NControl, p.ConversionsControl)));
        Assert.Equal(new DateOnly(2026, 3, 1), series[0].Date);
        Assert.All(expectedSeries.Zip(series), pair =>
        {
            Assert.Equal(pair.First.AbsUplift ?? double.NaN, pair.Second.AbsUplift ?? double.NaN, 1e-12);
            Assert.Equal(pair.First.PValue ?? double.NaN, pair.Second.PValue ?? double.NaN, 1e-12);
        });
    }

    private static void AssertSame(UpliftSummary expected, UpliftSummary actual)
    {
        Assert.Equal((expected.NTreatment, expected.ConversionsTreatment, expected.NControl, expected.ConversionsControl),
            (actual.NTreatment, actual.ConversionsTreatment, actual.NControl, actual.ConversionsControl));
        Assert.Equal(expected.ValueTreatment, actual.ValueTreatment, 1e-9);
        Assert.Equal(expected.ValueControl, actual.ValueControl, 1e-9);
        Assert.Equal(expected.AbsUplift, actual.AbsUplift, 1e-15);
        Assert.Equal(expected.AbsCiLow, actual.AbsCiLow, 1e-15);
        Assert.Equal(expected.AbsCiHigh, actual.AbsCiHigh, 1e-15);
        Assert.Equal(expected.PValue, actual.PValue);
        Assert.Equal(expected.SrmPValue, actual.SrmPValue);
        Assert.Equal(expected.RelCiLow, actual.RelCiLow);
    }

    private static async Task<ServiceProvider> ProviderAsync(DatabaseSettings settings)
    {
        var provider = new ServiceCollection().AddLogging().AddSingleton(settings).AddMeiroPersistence().BuildServiceProvider();
        await provider.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
        return provider;
    }

    /// <summary>A running experiment whose profiles are assigned over ten days, with exposures and outcomes (fixed seed).</summary>
    private static async Task<int> SeedAsync(ServiceProvider provider, int profiles)
    {
        await using var db = await provider.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync();
        var experiment = new Experiment
        {
            Key = "agg", Name = "Aggregates", Channel = "email", TreatmentRate = Rate, Salt = "s", Status = ExperimentStatus.Running,
            StartAt = Start, EndAt = End, CreatedAt = Start,
        };
        db.Experiments.Add(experiment);
        await db.SaveChangesAsync();
        var rng = new Random(7);
        DateTimeOffset Around(DateTimeOffset from, double days) => from.AddSeconds(Math.Floor(rng.NextDouble() * days * 86400));
        int message = 0, conversion = 0;
        for (int i = 0; i < profiles; i++)
        {
            string profile = $"p{i}";
            var group = DeterministicAssigner.Assign(profile, experiment.Key, experiment.Salt, Rate);
            // The last seconds of a UTC day stay on that day in every database.
            var assignedAt = i % 97 == 0 ? Start.AddDays(i % 10).AddSeconds(86399) : Around(Start, 10);
            db.ExperimentAssignments.Add(new ExperimentAssignment { ExperimentId = experiment.Id, ProfileId = profile, Group = group, AssignedAt = assignedAt });
            bool exposed = group == ExperimentGroup.Treatment ? rng.NextDouble() < 0.7 : i % 150 == 0;
            for (int k = exposed ? 1 + rng.Next(2) : 0; k > 0; k--)
                db.ExperimentExposures.Add(new ExperimentExposure { ExperimentId = experiment.Id, ProfileId = profile, MessageId = $"m{message++}", ExposedAt = Around(Start, 14) });
            double convertChance = group == ExperimentGroup.Treatment ? 0.14 : 0.10;
            if (rng.NextDouble() < convertChance)
                for (int k = 1 + rng.Next(3); k > 0; k--)
                {
                    // From four days before the start to four after the window: some fall outside it.
                    var at = Around(Start.AddDays(-4), 4 + 14 + 7 + 4);
                    double value = Math.Round(rng.NextDouble() * rng.NextDouble() * 400, 2);
                    db.ExperimentOutcomes.Add(new ExperimentOutcome
                    {
                        ExperimentId = experiment.Id, ProfileId = profile, ConvertedAt = at, Value = value, DedupKey = $"c{conversion++}",
                    });
                }
        }
        if (profiles > 0)
        {
            db.ExperimentExposures.Add(new ExperimentExposure { ExperimentId = experiment.Id, ProfileId = "ghost", MessageId = "m-ghost", ExposedAt = Start.AddDays(2) });
            db.ExperimentOutcomes.Add(new ExperimentOutcome { ExperimentId = experiment.Id, ProfileId = "ghost", ConvertedAt = Start.AddDays(3), Value = 999, DedupKey = "c-ghost" });
            // A window edge exactly: the end of the conversion latency counts.
            db.ExperimentOutcomes.Add(new ExperimentOutcome { ExperimentId = experiment.Id, ProfileId = "p1", ConvertedAt = End.AddDays(LatencyDays), Value = 3, DedupKey = "c-edge" });
        }
        await db.SaveChangesAsync();
        return experiment.Id;
    }

    private sealed record Profile(ExperimentGroup Group, DateOnly AssignedOn, bool Exposed, double Value, DateOnly? ConvertedOn);

    /// <summary>The definitions of docs/EXPERIMENTS.md applied profile by profile, as the service did before the database summed them.</summary>
    private sealed record InMemory(List<Profile> Treatment, List<Profile> Control, long OutsideWindow)
    {
        public GroupTotals Totals(List<Profile> group) => new(group.Count, group.Count(p => p.ConvertedOn is not null), group.Sum(p => p.Value));

        public List<TimeSeriesPoint> Series()
        {
            var all = Treatment.Concat(Control).ToList();
            var first = all.Min(p => p.AssignedOn);
            var last = all.Max(p => p.ConvertedOn is { } c && c > p.AssignedOn ? c : p.AssignedOn);
            var points = new List<TimeSeriesPoint>();
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                GroupTotals Upto(List<Profile> g) => new(g.Count(p => p.AssignedOn <= day), g.Count(p => p.AssignedOn <= day && p.ConvertedOn <= day));
                var (t, c) = (Upto(Treatment), Upto(Control));
                var r = t.Profiles > 0 && c.Profiles > 0 ? UpliftAnalysis.Analyze(t, c, Rate) : null;
                points.Add(new TimeSeriesPoint(day, t.Profiles, t.Conversions, c.Profiles, c.Conversions, r?.RateTreatment, r?.RateControl,
                    r?.AbsoluteUplift, r?.NewcombeCi.Low, r?.NewcombeCi.High, r is null ? null : UpliftSummary.Finite(r.PValue), null, r?.InsufficientData ?? true));
            }
            return points;
        }
    }

    private static async Task<InMemory> InMemoryAsync(MeiroDbContext db, int id)
    {
        var windowEnd = End.AddDays(LatencyDays);
        var assignments = await db.ExperimentAssignments.Where(a => a.ExperimentId == id).ToListAsync();
        var exposed = (await db.ExperimentExposures.Where(e => e.ExperimentId == id).Select(e => e.ProfileId).ToListAsync()).ToHashSet();
        var assigned = assignments.Select(a => a.ProfileId).ToHashSet();
        var outcomes = (await db.ExperimentOutcomes.Where(o => o.ExperimentId == id).ToListAsync()).Where(o => assigned.Contains(o.ProfileId)).ToList();
        var inWindow = outcomes.Where(o => o.ConvertedAt >= Start && o.ConvertedAt <= windowEnd)
            .GroupBy(o => o.ProfileId).ToDictionary(g => g.Key, g => (Value: g.Sum(o => o.Value), First: g.Min(o => o.ConvertedAt)));
        var profiles = assignments.Select(a => inWindow.TryGetValue(a.ProfileId, out var o)
            ? new Profile(a.Group, DateOnly.FromDateTime(a.AssignedAt.UtcDateTime), exposed.Contains(a.ProfileId), o.Value, DateOnly.FromDateTime(o.First.UtcDateTime))
            : new Profile(a.Group, DateOnly.FromDateTime(a.AssignedAt.UtcDateTime), exposed.Contains(a.ProfileId), 0, null)).ToList();
        return new InMemory([.. profiles.Where(p => p.Group == ExperimentGroup.Treatment)], [.. profiles.Where(p => p.Group == ExperimentGroup.Control)],
            outcomes.Count - outcomes.Count(o => o.ConvertedAt >= Start && o.ConvertedAt <= windowEnd));
    }
}
