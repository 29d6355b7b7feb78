namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>
/// What one batch of exposures or outcomes did. <c>Duplicates</c> were already stored (or repeated in the batch) and
/// were skipped. Rows of profiles without an assignment are stored but count in no result until the profile is
/// assigned; they are listed in <c>UnassignedProfiles</c> so the sender can fix its audience.
/// </summary>
public sealed record IngestionSummary(int Received, int Recorded, int Duplicates, int Unassigned, IReadOnlyList<string> UnassignedProfiles);
