using System.Globalization;

namespace MeiroMmm.Domain.DataQuality;

/// <summary>
/// Evaluates one rule on one metric series (one metric key and source, oldest bucket first) at a moment
/// <c>now</c>. Pure: the DQ run and the rule preview both call it.
/// </summary>
public static class AlertRuleEvaluator
{
    /// <summary>Trailing baseline of the anomaly rule, in buckets (same weekday only, for daily data).</summary>
    public const int BaselineBuckets = 28;
    /// <summary>Fewer baseline buckets than this and a median/MAD means little: the anomaly rule does not judge.</summary>
    public const int MinBaselineBuckets = 7;

    public static RuleEvaluation Evaluate(AlertRuleSpec spec, IReadOnlyList<MetricPoint> series, DateTimeOffset now)
    {
        var unit = DqMetricCatalog.Find(spec.MetricKey)?.Unit ?? DqUnit.Count;
        if (spec.Type == AlertRuleType.MissingForHours) return MissingForHours(spec, series, now);
        if (series.Count == 0) return RuleEvaluation.Skipped($"No snapshot of {spec.MetricKey} yet.");
        return spec.Type switch
        {
            AlertRuleType.Threshold => Threshold(spec, series[^1], unit),
            AlertRuleType.PctChangeGt => PctChange(spec, series, unit),
            _ => Anomaly(spec, series, unit),
        };
    }

    private static RuleEvaluation Threshold(AlertRuleSpec spec, MetricPoint latest, DqUnit unit)
    {
        var op = spec.Operator ?? ThresholdOperator.Gt;
        bool fired = op switch
        {
            ThresholdOperator.Gt => latest.Value > spec.Threshold,
            ThresholdOperator.Lt => latest.Value < spec.Threshold,
            ThresholdOperator.Gte => latest.Value >= spec.Threshold,
            _ => latest.Value <= spec.Threshold,
        };
        string relation = fired ? DqFormat.Operator(op) : "not " + DqFormat.Operator(op);
        return new(true, fired, latest.Value, null,
            $"{spec.MetricKey} is {DqFormat.Value(unit, latest.Value)}, {relation} {DqFormat.Value(unit, spec.Threshold)}.");
    }

    /// <summary>The latest value against the newest value at least one lookback older; either direction counts.</summary>
    private static RuleEvaluation PctChange(AlertRuleSpec spec, IReadOnlyList<MetricPoint> series, DqUnit unit)
    {
        var latest = series[^1];
        int lookback = spec.LookbackHours ?? AlertRuleSpec.DefaultLookbackHours;
        var cutoff = latest.Bucket.AddHours(-lookback);
        var reference = series.LastOrDefault(p => p.Bucket <= cutoff);
        if (reference is null) return RuleEvaluation.Skipped($"No value of {spec.MetricKey} {lookback} h or more before the latest one.");
        string from = $"from {DqFormat.Value(unit, reference.Value)} to {DqFormat.Value(unit, latest.Value)} (lookback {lookback} h)";
        if (reference.Value == 0)
            return latest.Value == 0
                ? new(true, false, latest.Value, 0, $"{spec.MetricKey} stayed at 0 (lookback {lookback} h).")
                : new(true, true, latest.Value, null, $"{spec.MetricKey} rose {from}: any change from 0 exceeds every percentage.");
        double change = (latest.Value - reference.Value) / Math.Abs(reference.Value) * 100;
        bool fired = Math.Abs(change) > spec.Threshold;
        return new(true, fired, latest.Value, change,
            $"{spec.MetricKey} changed {change.ToString("+0.#;-0.#", CultureInfo.InvariantCulture)}% {from}; limit ±{spec.Threshold.ToString("0.#", CultureInfo.InvariantCulture)}%.");
    }

    /// <summary>
    /// The metric is "hours since the latest data" at compute time; the data has been missing for that plus the hours
    /// since the snapshot was computed, so a DQ job that stops running still ends up alerting. No snapshot at all means
    /// there is no data at all.
    /// </summary>
    private static RuleEvaluation MissingForHours(AlertRuleSpec spec, IReadOnlyList<MetricPoint> series, DateTimeOffset now)
    {
        if (series.Count == 0)
            return new(true, true, null, null, $"No data at all: {spec.MetricKey}{SourceText(spec.Source)} has never been measured.");
        var latest = series[^1];
        double missing = latest.Value + Math.Max(0, (now - latest.ComputedAt).TotalHours);
        bool fired = missing > spec.Threshold;
        return new(true, fired, missing, null,
            $"No new data{SourceText(spec.Source)} for {DqFormat.Value(DqUnit.Hours, missing)}; limit {DqFormat.Value(DqUnit.Hours, spec.Threshold)}.");
    }

    private static RuleEvaluation Anomaly(AlertRuleSpec spec, IReadOnlyList<MetricPoint> series, DqUnit unit)
    {
        var latest = series[^1];
        bool daily = IsDaily(series);
        var baseline = series.Take(series.Count - 1)
            .Where(p => !daily || p.Bucket.UtcDateTime.DayOfWeek == latest.Bucket.UtcDateTime.DayOfWeek)
            .TakeLast(BaselineBuckets).ToList();
        string period = daily ? $"{latest.Bucket.UtcDateTime.DayOfWeek}s" : "buckets";
        if (baseline.Count < MinBaselineBuckets)
            return RuleEvaluation.Skipped($"Only {baseline.Count} earlier {period} to compare with; the anomaly rule needs {MinBaselineBuckets}.");

        var score = RobustZScore.Of(latest.Value, [.. baseline.Select(p => p.Value)]);
        // Volume guard: judge only when the latest bucket or a typical baseline bucket is big enough. Looking at both keeps
        // a collapse from 1,000 to 3 loud while a wobble between 2 and 5 stays quiet.
        double volume = Math.Max(latest.Volume ?? latest.Value, RobustZScore.MedianOf([.. baseline.Select(p => p.Volume ?? p.Value)]));
        if (spec.MinVolume is { } min && volume < min)
            return RuleEvaluation.Skipped($"Volume {DqFormat.Value(DqUnit.Count, volume)} is below the minimum {DqFormat.Value(DqUnit.Count, min)}: too small to judge.");

        string against = $"the median {DqFormat.Value(unit, score.Median)} of the last {baseline.Count} {period}";
        if (score.Z is not { } z)
            return new(true, true, latest.Value, null,
                $"{spec.MetricKey} is {DqFormat.Value(unit, latest.Value)} while all of the last {baseline.Count} {period} were {DqFormat.Value(unit, score.Median)}.");
        bool fired = Math.Abs(z) > spec.Threshold;
        return new(true, fired, latest.Value, z,
            $"{spec.MetricKey} is {DqFormat.Value(unit, latest.Value)}, robust z {z.ToString("+0.0;-0.0", CultureInfo.InvariantCulture)} against {against}; limit |z| {spec.Threshold.ToString("0.#", CultureInfo.InvariantCulture)}.");
    }

    /// <summary>Daily data: the median gap between consecutive buckets is about a day.</summary>
    public static bool IsDaily(IReadOnlyList<MetricPoint> series)
    {
        if (series.Count < 2) return false;
        var gaps = series.Zip(series.Skip(1), (a, b) => (b.Bucket - a.Bucket).TotalHours).ToList();
        double median = RobustZScore.MedianOf(gaps);
        return median is >= 20 and <= 28;
    }

    private static string SourceText(string? source) => source is null ? "" : $" ({source})";
}
