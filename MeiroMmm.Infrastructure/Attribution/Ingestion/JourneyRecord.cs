using MeiroMmm.Domain.Attribution;

namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// One record read from an upload: either a valid <see cref="Journey"/> with its <see cref="DedupKey"/> (the conversion
/// id, or <c>sha256:</c> + a content hash) or a <see cref="Reject"/>.
/// </summary>
public sealed record JourneyRecord(int Record, Journey? Journey, string? DedupKey, JourneyReject? Reject)
{
    public static JourneyRecord Rejected(int record, int? line, string field, string message) => new(record, null, null, new JourneyReject(record, line, field, message));
}
