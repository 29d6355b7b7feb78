namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>
/// How the current taxonomy covers the stored touchpoints. <see cref="SourceCoverage"/> is the share of touchpoints
/// whose source is set (not empty, not "(not set)") and maps to a channel; <see cref="MediumCoverage"/> the same for the
/// medium. <see cref="RuleUsage"/> lists every rule, unused ones with 0, so dead rules show.
/// </summary>
public sealed record CoverageReport(
    int Touchpoints,
    double MappedShare,
    double SourceCoverage,
    double MediumCoverage,
    int DistinctSources,
    int DistinctMediums,
    IReadOnlyList<CoverageReport.ChannelCount> Channels,
    IReadOnlyList<CoverageReport.RuleCount> RuleUsage)
{
    public sealed record ChannelCount(string Channel, int Touchpoints, double Share);

    public sealed record RuleCount(string Rule, string Channel, int Priority, int Touchpoints);
}
