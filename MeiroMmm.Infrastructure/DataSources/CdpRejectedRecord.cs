namespace MeiroMmm.Infrastructure.DataSources;

public enum CdpRejectStatus { Open, Reprocessed }

/// <summary>
/// A CDP record that failed mapping or validation, kept whole with the reason so it can be re-processed after a
/// mapping fix. The record's SHA-256 is unique per connection: a page fetched again does not quarantine it twice.
/// </summary>
public sealed class CdpRejectedRecord
{
    public long Id { get; set; }
    public int ConnectionId { get; set; }
    /// <summary>The sync or webhook run that rejected it (last time).</summary>
    public long? RunId { get; set; }
    public required string RecordJson { get; set; }
    public required string RecordHash { get; set; }
    /// <summary>The field at fault, e.g. <c>conversion_ts</c> or <c>touchpoints[1].channel</c>.</summary>
    public required string Field { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset RejectedAt { get; set; }
    public CdpRejectStatus Status { get; set; }
    public DateTimeOffset? ReprocessedAt { get; set; }
}
