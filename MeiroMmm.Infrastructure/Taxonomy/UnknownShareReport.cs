namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>
/// How many stored touchpoints the current taxonomy cannot map. Shares are fractions in [0, 1] of touchpoints
/// (0 when there are none); lists are cut to the requested limit.
/// </summary>
public sealed record UnknownShareReport(
    int Touchpoints,
    int Unknown,
    double Share,
    IReadOnlyList<UnknownShareReport.ValueShare> BySource,
    IReadOnlyList<UnknownShareReport.ValueShare> ByMedium,
    IReadOnlyList<UnknownShareReport.UnmappedPair> TopUnmappedPairs,
    IReadOnlyList<TouchpointSample> Samples)
{
    /// <summary>One source (or medium) value: its touchpoints, how many are unknown, and that share.</summary>
    public sealed record ValueShare(string Value, int Touchpoints, int Unknown, double Share);

    /// <summary>A source/medium pair no rule maps, with how many touchpoints carry it.</summary>
    public sealed record UnmappedPair(string Source, string Medium, int Count, string? Reason);
}
