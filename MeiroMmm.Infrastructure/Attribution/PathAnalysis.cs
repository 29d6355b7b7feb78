using MeiroMmm.Domain.Attribution;

namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>One distinct channel sequence over a date range, from the path-aggregate table.</summary>
public sealed record PathStatistics(
    string Path, string PathHash, int Length, long Conversions, long NonConversions, double Value, double? AverageDaysToConvert)
{
    public long Journeys => Conversions + NonConversions;
    /// <summary>Conversions ÷ journeys on this path.</summary>
    public double ConversionRate => Journeys == 0 ? 0 : (double)Conversions / Journeys;
}

/// <summary>Journeys and conversions per path length.</summary>
public sealed record PathLengthBucket(int Length, long Journeys, long Conversions);

/// <summary>
/// Path analysis over a date range: the top paths, the path-length distribution and, from all distinct paths, the
/// order-1 Markov transition matrix and removal effects, and per channel its assisted vs last-touch conversions (no
/// windows: the aggregates have no touch timestamps).
/// </summary>
public sealed record PathAnalysis(
    int DistinctPaths, long Journeys, long Conversions, double Value, double? AverageDaysToConvert,
    IReadOnlyList<PathStatistics> TopPaths, IReadOnlyList<PathLengthBucket> Lengths,
    IReadOnlyDictionary<string, double> RemovalEffects,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Transitions,
    IReadOnlyList<ChannelAssists> Assists);
