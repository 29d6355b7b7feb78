using MeiroMmm.Domain.DataQuality;

namespace MeiroMmm.Tests.Domain;

/// <summary>Alert rule types, the robust z-score, fingerprints and the alert lifecycle, on hand-computed cases.</summary>
public sealed class DataQualityRuleTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A daily series starting on <see cref="Monday"/>, computed at each bucket's end.</summary>
    private static List<MetricPoint> Daily(params double[] values) =>
        [.. values.Select((v, i) => new MetricPoint(Monday.AddDays(i), v, Monday.AddDays(i + 1)))];

    // ---- robust z-score ----

    [Fact]
    public void RobustZ_MedianAndMad_HandComputed()
    {
        // sorted 9 10 10 11 12 12 13 → median 11; |x − 11| = 1 1 0 2 2 1 1 → MAD 1; z = (20 − 11) / 1.4826
        var score = RobustZScore.Of(20, [10, 12, 11, 13, 9, 10, 12]);
        Assert.Equal(11, score.Median);
        Assert.Equal(1, score.Mad);
        Assert.Equal(1.4826, score.Scale, 1e-12);
        Assert.Equal(6.070416835289357, score.Z!.Value, 1e-9);
    }

    [Fact]
    public void RobustZ_OneOutlierInTheBaseline_DoesNotInflateTheScale()
    {
        // An ordinary z would use SD ≈ 377 here and call 30 normal; the MAD ignores the 1,000.
        var score = RobustZScore.Of(30, [10, 12, 11, 13, 9, 10, 1000]);
        Assert.Equal(11, score.Median);
        Assert.Equal(1, score.Mad);
        Assert.True(score.Z > 12);
    }

    [Fact]
    public void RobustZ_MadZero_FallsBackToMeanAbsoluteDeviation()
    {
        // median 5, MAD 0 (six of seven equal); mean |x − 5| = 4/7; scale 1.2533 · 4/7; z = 2 / scale
        var score = RobustZScore.Of(7, [5, 5, 5, 5, 9, 5, 5]);
        Assert.Equal(0, score.Mad);
        Assert.Equal(1.2533 * 4 / 7, score.Scale, 1e-12);
        Assert.Equal(2.7926274634963697, score.Z!.Value, 1e-9);
    }

    [Fact]
    public void RobustZ_ConstantBaseline_HasNoZ_UnlessTheValueEqualsIt()
    {
        Assert.Null(RobustZScore.Of(6, [5, 5, 5]).Z);
        Assert.Equal(0, RobustZScore.Of(5, [5, 5, 5]).Z);
    }

    [Fact]
    public void Median_EvenCount_IsTheMeanOfTheMiddleTwo() => Assert.Equal(2.5, RobustZScore.MedianOf([4, 1, 3, 2]));

    // ---- threshold ----

    [Theory]
    [InlineData(ThresholdOperator.Gt, 0.15, false)]
    [InlineData(ThresholdOperator.Gte, 0.15, true)]
    [InlineData(ThresholdOperator.Gt, 0.1499, true)]
    [InlineData(ThresholdOperator.Lt, 0.16, true)]
    [InlineData(ThresholdOperator.Lte, 0.15, true)]
    [InlineData(ThresholdOperator.Lt, 0.15, false)]
    public void Threshold_ComparesTheLatestValue(ThresholdOperator op, double threshold, bool fires)
    {
        var spec = new AlertRuleSpec("unknown_share", "taxonomy", AlertRuleType.Threshold, threshold, op);
        var result = AlertRuleEvaluator.Evaluate(spec, Daily(0.9, 0.15), Monday.AddDays(3));
        Assert.True(result.Evaluated);
        Assert.Equal(fires, result.Fired);
        Assert.Equal(0.15, result.Observed);
    }

    [Fact]
    public void Threshold_MessageShowsSharesAsPercent()
    {
        var spec = new AlertRuleSpec("unknown_share", "taxonomy", AlertRuleType.Threshold, 0.15, ThresholdOperator.Gt);
        var result = AlertRuleEvaluator.Evaluate(spec, Daily(0.182), Monday.AddDays(1));
        Assert.Equal("unknown_share is 18.2%, > 15%.", result.Message);
    }

    [Fact]
    public void Threshold_NoSnapshots_IsNotJudged()
    {
        var spec = new AlertRuleSpec("unknown_share", null, AlertRuleType.Threshold, 0.15, ThresholdOperator.Gt);
        Assert.False(AlertRuleEvaluator.Evaluate(spec, [], Monday).Evaluated);
    }

    // ---- pct_change_gt ----

    [Theory]
    [InlineData(50, true)]    // 100 → 160 is +60%
    [InlineData(60, false)]   // not more than 60
    public void PctChange_ComparesWithTheValueOneLookbackEarlier(double limit, bool fires)
    {
        var spec = new AlertRuleSpec("journey_volume", "journeys", AlertRuleType.PctChangeGt, limit, LookbackHours: 24);
        var result = AlertRuleEvaluator.Evaluate(spec, Daily(100, 160), Monday.AddDays(2));
        Assert.Equal(fires, result.Fired);
        Assert.Equal(60, result.Score!.Value, 1e-12);
    }

    [Fact]
    public void PctChange_Drop_CountsToo_AndTheLookbackPicksTheRightReference()
    {
        // lookback 48 h from day 3 reaches day 1 (200), not day 2 (90): 200 → 50 is −75%.
        var spec = new AlertRuleSpec("journey_volume", "journeys", AlertRuleType.PctChangeGt, 70, LookbackHours: 48);
        var result = AlertRuleEvaluator.Evaluate(spec, Daily(200, 90, 50), Monday.AddDays(3));
        Assert.True(result.Fired);
        Assert.Equal(-75, result.Score!.Value, 1e-12);
    }

    [Fact]
    public void PctChange_WithoutAnOlderValue_IsNotJudged()
    {
        var spec = new AlertRuleSpec("journey_volume", "journeys", AlertRuleType.PctChangeGt, 10, LookbackHours: 72);
        Assert.False(AlertRuleEvaluator.Evaluate(spec, Daily(1, 2), Monday.AddDays(2)).Evaluated);
    }

    // ---- missing_for_hours ----

    [Theory]
    [InlineData(6, true)]    // 20 h at compute time + 6 h since = 26 h > 24
    [InlineData(2, false)]   // 22 h
    public void MissingForHours_AddsTheTimeSinceTheSnapshot(int hoursSinceComputed, bool fires)
    {
        var spec = new AlertRuleSpec("freshness_hours", "journeys", AlertRuleType.MissingForHours, 24);
        var computed = Monday.AddHours(1);
        var result = AlertRuleEvaluator.Evaluate(spec, [new MetricPoint(Monday, 20, computed)], computed.AddHours(hoursSinceComputed));
        Assert.Equal(fires, result.Fired);
        Assert.Equal(20 + hoursSinceComputed, result.Observed!.Value, 1e-9);
    }

    [Fact]
    public void MissingForHours_NoSnapshotAtAll_Fires()
    {
        var spec = new AlertRuleSpec("freshness_hours", "journeys", AlertRuleType.MissingForHours, 24);
        Assert.True(AlertRuleEvaluator.Evaluate(spec, [], Monday).Fired);
    }

    // ---- anomaly ----

    /// <summary>Eight weeks where Mondays are about 100 and other days 10, then one more Monday.</summary>
    private static List<MetricPoint> WeeklyPattern(double lastMonday)
    {
        double[] mondays = [100, 104, 96, 102, 98, 100, 103, 97];
        var values = new List<double>();
        foreach (double m in mondays) values.AddRange([m, 10, 11, 9, 10, 12, 10]);
        values.Add(lastMonday);
        return Daily([.. values]);
    }

    [Fact]
    public void Anomaly_DailyData_ComparesWithTheSameWeekday()
    {
        // Mondays 96 97 98 100 100 102 103 104 → median 100; |x − 100| → MAD 2.5; z = (40 − 100) / (1.4826 · 2.5).
        // Against all days (median 10) 40 would look high, not low.
        var spec = new AlertRuleSpec("journey_volume", "journeys", AlertRuleType.Anomaly, 3.5, MinVolume: 20);
        var result = AlertRuleEvaluator.Evaluate(spec, WeeklyPattern(40), Monday.AddDays(60));
        Assert.True(result.Fired);
        Assert.Equal(-16.187778227438287, result.Score!.Value, 1e-9);
        Assert.Contains("Mondays", result.Message);
    }

    [Fact]
    public void Anomaly_UsualValue_DoesNotFire()
    {
        var spec = new AlertRuleSpec("journey_volume", "journeys", AlertRuleType.Anomaly, 3.5);
        var result = AlertRuleEvaluator.Evaluate(spec, WeeklyPattern(101), Monday.AddDays(60));
        Assert.True(result.Evaluated);
        Assert.False(result.Fired);
        Assert.Equal(0.26979630379063805, result.Score!.Value, 1e-9);   // (101 − 100) / (1.4826 · 2.5)
    }

    [Fact]
    public void Anomaly_BaselineIsTheLast28Buckets()
    {
        // Weekly buckets (not daily): 30 old values of 1,000, then 28 of about 10, then 10. Only the 28 count: no alert.
        var start = Monday;
        var values = Enumerable.Repeat(1000.0, 30).Concat(Enumerable.Range(0, 28).Select(i => 10.0 + i % 3)).Append(10).ToList();
        var series = values.Select((v, i) => new MetricPoint(start.AddDays(7 * i), v, start.AddDays(7 * i + 1))).ToList();
        var spec = new AlertRuleSpec("journey_volume", "journeys", AlertRuleType.Anomaly, 3.5);
        var result = AlertRuleEvaluator.Evaluate(spec, series, series[^1].ComputedAt);
        Assert.True(result.Evaluated);
        Assert.False(result.Fired);
        Assert.Contains("last 28 buckets", result.Message);
    }

    [Fact]
    public void Anomaly_SmallCounts_AreBelowTheMinimumVolume()
    {
        var spec = new AlertRuleSpec("journey_volume", "journeys", AlertRuleType.Anomaly, 3.5, MinVolume: 20);
        var values = Enumerable.Range(0, 56).Select(i => 2.0 + i % 2).Append(9).ToArray();
        var result = AlertRuleEvaluator.Evaluate(spec, Daily(values), Monday.AddDays(60));
        Assert.False(result.Evaluated);
        Assert.Contains("below the minimum", result.Message);
    }

    [Fact]
    public void Anomaly_CollapseFromLargeVolume_StillFires_DespiteTheMinimum()
    {
        var spec = new AlertRuleSpec("journey_volume", "journeys", AlertRuleType.Anomaly, 3.5, MinVolume: 20);
        var result = AlertRuleEvaluator.Evaluate(spec, WeeklyPattern(3), Monday.AddDays(60));
        Assert.True(result.Fired);
    }

    [Fact]
    public void Anomaly_ShortHistory_IsNotJudged()
    {
        var spec = new AlertRuleSpec("journey_volume", "journeys", AlertRuleType.Anomaly, 3.5);
        Assert.False(AlertRuleEvaluator.Evaluate(spec, Daily(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), Monday.AddDays(11)).Evaluated);
    }

    // ---- fingerprints, lifecycle, preview ----

    [Fact]
    public void Fingerprint_IsStable_AndSeparatesRulesAndSources()
    {
        Assert.Equal(AlertFingerprint.For(1, "spend_vs_avg", "tv_spend"), AlertFingerprint.For(1, "spend_vs_avg", "tv_spend"));
        Assert.NotEqual(AlertFingerprint.For(1, "spend_vs_avg", "tv_spend"), AlertFingerprint.For(1, "spend_vs_avg", "search_spend"));
        Assert.NotEqual(AlertFingerprint.For(1, "spend_vs_avg", "tv"), AlertFingerprint.For(2, "spend_vs_avg", "tv"));
        Assert.NotEqual(AlertFingerprint.For(1, "a|b", "c"), AlertFingerprint.For(1, "a", "b|c"));
        Assert.Equal(32, AlertFingerprint.For(1, "x", null).Length);
    }

    private static readonly RuleEvaluation Breached = new(true, true, 1, null, "");
    private static readonly RuleEvaluation Fine = new(true, false, 0, null, "");

    [Fact]
    public void Decide_NewBreachCreates_StillBreachedUpdates_RecoveryResolves_NoJudgementKeeps()
    {
        var now = Monday;
        Assert.Equal(AlertAction.Create, AlertLifecycle.Decide(Breached, false, null, now));
        Assert.Equal(AlertAction.Update, AlertLifecycle.Decide(Breached, true, null, now));
        Assert.Equal(AlertAction.Update, AlertLifecycle.Decide(Breached, true, now.AddHours(1), now));         // still snoozed
        Assert.Equal(AlertAction.UpdateAndNotify, AlertLifecycle.Decide(Breached, true, now.AddHours(-1), now));  // snooze over
        Assert.Equal(AlertAction.Resolve, AlertLifecycle.Decide(Fine, true, null, now));
        Assert.Equal(AlertAction.None, AlertLifecycle.Decide(Fine, false, null, now));
        Assert.Equal(AlertAction.None, AlertLifecycle.Decide(RuleEvaluation.Skipped("x"), true, null, now));
    }

    [Fact]
    public void Transitions_FollowOpenAcknowledgedResolved()
    {
        Assert.Null(AlertLifecycle.CanAcknowledge(AlertStatus.Open));
        Assert.NotNull(AlertLifecycle.CanAcknowledge(AlertStatus.Acknowledged));
        Assert.NotNull(AlertLifecycle.CanAcknowledge(AlertStatus.Resolved));
        Assert.Null(AlertLifecycle.CanResolve(AlertStatus.Acknowledged));
        Assert.NotNull(AlertLifecycle.CanResolve(AlertStatus.Resolved));
        Assert.Null(AlertLifecycle.CanSnooze(AlertStatus.Open, Monday.AddHours(4), Monday));
        Assert.NotNull(AlertLifecycle.CanSnooze(AlertStatus.Open, Monday.AddHours(-1), Monday));
        Assert.NotNull(AlertLifecycle.CanSnooze(AlertStatus.Resolved, Monday.AddHours(4), Monday));
    }

    [Fact]
    public void Preview_CountsFiredBucketsAndDistinctBreaches()
    {
        // 10% 20% 25% 10% 30% against > 15%: fired on three buckets, in two separate breaches → two alerts.
        var spec = new AlertRuleSpec("unknown_share", "taxonomy", AlertRuleType.Threshold, 0.15, ThresholdOperator.Gt);
        var preview = AlertRulePreview.Run(spec, Daily(0.10, 0.20, 0.25, 0.10, 0.30));
        Assert.Equal([false, true, true, false, true], preview.Points.Select(p => p.Fired));
        Assert.Equal(3, preview.FiredBuckets);
        Assert.Equal(2, preview.Alerts);
    }

    [Fact]
    public void Spec_Check_NamesTheField()
    {
        Assert.Contains(new AlertRuleSpec("unknown_share", null, AlertRuleType.Threshold, 0.1).Check(), p => p.Field == "operator");
        Assert.Contains(new AlertRuleSpec("nope", null, AlertRuleType.Threshold, 0.1, ThresholdOperator.Gt).Check(), p => p.Field == "metric_key");
        Assert.Contains(new AlertRuleSpec("unknown_share", null, AlertRuleType.MissingForHours, 24).Check(), p => p.Field == "metric_key");
        Assert.Empty(new AlertRuleSpec("freshness_hours", "journeys", AlertRuleType.MissingForHours, 24).Check());
    }
}
