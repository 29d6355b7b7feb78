namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>
/// Mapping confidence over the stored touchpoints (all, or those of <see cref="Channel"/>). Low confidence is below
/// <see cref="LowConfidenceThreshold"/>; samples are the lowest-confidence touchpoints found.
/// </summary>
public sealed record ChannelConfidenceReport(
    string? Channel,
    int Touchpoints,
    double MeanConfidence,
    double LowConfidenceShare,
    IReadOnlyList<ChannelConfidenceReport.ChannelConfidence> ByChannel,
    IReadOnlyList<TouchpointSample> Samples)
{
    public const double LowConfidenceThreshold = 0.5;

    public sealed record ChannelConfidence(string Channel, int Touchpoints, double MeanConfidence, double LowConfidenceShare);
}
