namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// The outcome of one upload. <see cref="Records"/> = <see cref="Accepted"/> + <see cref="Rejected"/> +
/// <see cref="Duplicates"/>: accepted journeys were stored; duplicates were already stored (same conversion id or
/// content) or repeated within the file. <see cref="Rejects"/> lists the first rejects with their reasons.
/// </summary>
public sealed record IngestionSummary(
    int Records, int Accepted, int Rejected, int Duplicates, int ChannelsFromTaxonomy,
    IReadOnlyList<JourneyReject> Rejects, double Seconds, bool Truncated = false);

/// <summary>Progress of an upload, reported about ten times a second.</summary>
public sealed record IngestionProgress(long BytesRead, int Records, int Accepted, int Rejected, int Duplicates);
