using MeiroMmm.Domain.Experiments;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>
/// One experiment's assignments, exposures and in-window outcomes summed by the database, so results for millions of
/// profiles need a few hundred rows in memory instead of every profile. One bucket per group, exposed or not, UTC day
/// of assignment and UTC day of first in-window conversion (null for non-converters): every statistic of
/// <see cref="ExperimentResultsService"/> (counts, rates, value sums and sums of squares for Welch's test, the daily
/// cumulative series) is a sum over buckets.
/// </summary>
/// <param name="OutcomesOutsideWindow">Outcomes of assigned profiles before the start or after the window closed.</param>
/// <param name="LastActivity">Latest assignment, exposure or outcome time: the nightly report's staleness check.</param>
internal sealed record ExperimentAggregates(Experiment Experiment, IReadOnlyList<ProfileBucket> Buckets, long OutcomesOutsideWindow, DateTimeOffset? LastActivity)
{
    /// <summary>
    /// Reads the buckets with one GROUP BY per provider (the UTC day of a timestamp is written differently by each, and
    /// EF has no portable translation of it), and the window and activity figures through LINQ.
    /// </summary>
    public static async Task<ExperimentAggregates?> LoadAsync(MeiroDbContext db, int id, TimeSpan conversionLatency, CancellationToken ct)
    {
        var experiment = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (experiment is null) return null;
        var start = experiment.StartAt;
        var windowEnd = experiment.EndAt + conversionLatency;
        object from = TimestampParameter(db.Provider, start), to = TimestampParameter(db.Provider, windowEnd);
        var rows = await db.Database.SqlQueryRaw<BucketRow>(BucketSql(db.Provider), id, from, to).ToListAsync(ct);
        var buckets = rows.Select(r => new ProfileBucket(
            Enum.Parse<ExperimentGroup>(r.GroupName), r.Exposed != 0, DateOnly.FromDayNumber((int)r.AssignedDay),
            r.ConvertedDay is { } c ? DateOnly.FromDayNumber((int)c) : null, r.Profiles, r.Value, r.ValueSquares)).ToList();

        var assignments = db.ExperimentAssignments.Where(a => a.ExperimentId == id);
        long outside = await db.ExperimentOutcomes.LongCountAsync(o => o.ExperimentId == id && (o.ConvertedAt < start || o.ConvertedAt > windowEnd)
            && assignments.Any(a => a.ProfileId == o.ProfileId), ct);
        DateTimeOffset? last = new[]
        {
            await assignments.MaxAsync(a => (DateTimeOffset?)a.AssignedAt, ct),
            await db.ExperimentExposures.Where(e => e.ExperimentId == id).MaxAsync(e => (DateTimeOffset?)e.ExposedAt, ct),
            await db.ExperimentOutcomes.Where(o => o.ExperimentId == id).MaxAsync(o => (DateTimeOffset?)o.ConvertedAt, ct),
        }.Max();
        return new ExperimentAggregates(experiment, buckets, outside, last);
    }

    /// <summary>The totals of the buckets that <paramref name="include"/> selects.</summary>
    public ValueTotals Sum(Func<ProfileBucket, bool> include)
    {
        long n = 0, x = 0;
        double value = 0, squares = 0;
        foreach (var b in Buckets.Where(include))
        {
            n += b.Profiles;
            if (b.ConvertedOn is not null) x += b.Profiles;
            value += b.Value;
            squares += b.ValueSquares;
        }
        return new ValueTotals(n, x, value, squares);
    }

    /// <summary>Storage of a timestamp parameter: UTC ticks on SQLite (as the model's converter), the value itself elsewhere.</summary>
    private static object TimestampParameter(DatabaseProvider provider, DateTimeOffset t) =>
        provider == DatabaseProvider.Sqlite ? t.UtcTicks : t.ToUniversalTime();

    /// <summary>Days since 0001-01-01 of a stored timestamp's UTC date, the same count as <see cref="DateOnly.DayNumber"/>.</summary>
    internal static string DayNumber(DatabaseProvider provider, string column) => provider switch
    {
        DatabaseProvider.Sqlite => $"({column} / {TimeSpan.TicksPerDay})",
        DatabaseProvider.Postgres => $"(({column} AT TIME ZONE 'UTC')::date - DATE '0001-01-01')",
        DatabaseProvider.SqlServer => $"DATEDIFF(day, CAST('0001-01-01' AS date), CAST(SWITCHOFFSET({column}, '+00:00') AS date))",
        _ => throw new NotSupportedException($"No day expression for {provider}."),
    };

    /// <summary>
    /// Per profile: its summed in-window value and first in-window conversion (outcomes aggregated per profile first,
    /// so a profile converting five times counts once), and whether it has any exposure (EXISTS on the (experiment, profile)
/// index: a join to the distinct exposed profiles made SQLite scan them once per assignment); then buckets.
    /// Parameters: {0} experiment id, {1} window start, {2} window end (both inclusive, as before).
    /// </summary>
    internal static string BucketSql(DatabaseProvider provider) => $"""
        SELECT p."GroupName", p."Exposed", p."AssignedDay", p."ConvertedDay",
               CAST(COUNT(*) AS bigint) AS "Profiles",
               COALESCE(SUM(p."Value"), 0.0) AS "Value",
               COALESCE(SUM(p."Value" * p."Value"), 0.0) AS "ValueSquares"
        FROM (
            SELECT a."Group" AS "GroupName",
                   CASE WHEN EXISTS (SELECT 1 FROM experiment_exposures x
                                     WHERE x."ExperimentId" = {"{0}"} AND x."ProfileId" = a."ProfileId") THEN 1 ELSE 0 END AS "Exposed",
                   CAST({DayNumber(provider, "a.\"AssignedAt\"")} AS bigint) AS "AssignedDay",
                   CAST({DayNumber(provider, "o.\"FirstAt\"")} AS bigint) AS "ConvertedDay",
                   o."Value" AS "Value"
            FROM experiment_assignments a
            LEFT JOIN (
                SELECT "ProfileId", SUM("Value") AS "Value", MIN("ConvertedAt") AS "FirstAt"
                FROM experiment_outcomes
                WHERE "ExperimentId" = {"{0}"} AND "ConvertedAt" >= {"{1}"} AND "ConvertedAt" <= {"{2}"}
                GROUP BY "ProfileId") o ON o."ProfileId" = a."ProfileId"
            WHERE a."ExperimentId" = {"{0}"}) p
        GROUP BY p."GroupName", p."Exposed", p."AssignedDay", p."ConvertedDay"
        """;

    /// <summary>A row of <see cref="BucketSql"/>; the column aliases are these property names.</summary>
    private sealed class BucketRow
    {
        public string GroupName { get; set; } = "";
        public int Exposed { get; set; }
        public long AssignedDay { get; set; }
        public long? ConvertedDay { get; set; }
        public long Profiles { get; set; }
        public double Value { get; set; }
        public double ValueSquares { get; set; }
    }
}

/// <summary>Profiles of one group, exposed or not, assigned on one UTC day and first converting (in the window) on another.</summary>
/// <param name="Value">Summed in-window value of these profiles; <paramref name="ValueSquares"/> sums each profile's value squared.</param>
internal sealed record ProfileBucket(ExperimentGroup Group, bool Exposed, DateOnly AssignedOn, DateOnly? ConvertedOn, long Profiles, double Value, double ValueSquares);

/// <summary>Profiles, converting profiles, summed value and summed squared value per profile of a set of buckets.</summary>
internal sealed record ValueTotals(long Profiles, long Conversions, double Value, double ValueSquares)
{
    public GroupTotals Totals => new(Profiles, Conversions, Value);

    /// <summary>
    /// Mean and sample variance (n − 1) of value per profile, zeros for non-converters included: the sum-of-squares form,
    /// since the database sends sums, not values. Rounding can leave a tiny negative variance when every value is equal; it is 0 then.
    /// </summary>
    public SampleSummary Summary()
    {
        double mean = Value / Profiles;
        double variance = Profiles > 1 ? Math.Max(0, (ValueSquares - Value * mean) / (Profiles - 1)) : double.NaN;
        return new SampleSummary(Profiles, mean, variance);
    }
}
