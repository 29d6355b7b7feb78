namespace MeiroMmm.Domain.DataQuality;

/// <summary>
/// How a rule would have behaved on stored snapshots: each bucket evaluated on the series up to it, as the DQ run
/// that computed that bucket would have done. <see cref="Alerts"/> counts breaches that start after a quiet bucket,
/// which is how many alerts fingerprinting would have raised.
/// </summary>
public sealed record AlertRulePreview(IReadOnlyList<AlertRulePreview.Point> Points, int FiredBuckets, int Alerts)
{
    public sealed record Point(DateTimeOffset Bucket, double Value, bool Evaluated, bool Fired, string Message);

    public static AlertRulePreview Run(AlertRuleSpec spec, IReadOnlyList<MetricPoint> series)
    {
        var points = new List<Point>(series.Count);
        int alerts = 0;
        bool breached = false;
        for (int i = 0; i < series.Count; i++)
        {
            var upTo = series.Take(i + 1).ToList();
            var result = AlertRuleEvaluator.Evaluate(spec, upTo, series[i].ComputedAt);
            points.Add(new Point(series[i].Bucket, series[i].Value, result.Evaluated, result.Fired, result.Message));
            if (result.Fired && !breached) alerts++;
            if (result.Evaluated) breached = result.Fired;
        }
        return new AlertRulePreview(points, points.Count(p => p.Fired), alerts);
    }
}
