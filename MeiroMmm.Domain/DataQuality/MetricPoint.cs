namespace MeiroMmm.Domain.DataQuality;

/// <summary>
/// One stored value of a metric. <see cref="Bucket"/> is the start of the time bucket it describes (a UTC day for
/// nightly metrics); <see cref="ComputedAt"/> is when it was computed, which freshness rules need; <see cref="Volume"/>
/// is the count the value rests on (touchpoints behind a share, journeys behind a daily count), when known.
/// </summary>
public sealed record MetricPoint(DateTimeOffset Bucket, double Value, DateTimeOffset ComputedAt, double? Volume = null);
