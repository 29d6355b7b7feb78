namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>
/// One value of a data-quality metric for one time bucket (table dq_snapshots, the seed's shape). A metric key, source
/// and bucket identify a snapshot: a second DQ run in the same bucket replaces the value. <see cref="MetaJson"/> holds
/// what the value rests on (e.g. {"volume": 3000} touchpoints behind a share).
/// </summary>
public sealed class DqSnapshot
{
    public long Id { get; set; }
    public required string Source { get; set; }
    public required string MetricKey { get; set; }
    public double MetricValue { get; set; }
    /// <summary>Start of the UTC bucket (a day for nightly metrics, the data's own period for volumes and spend).</summary>
    public DateTimeOffset TsBucket { get; set; }
    public string? MetaJson { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
}
