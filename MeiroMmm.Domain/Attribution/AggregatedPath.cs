namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// One distinct channel sequence with its totals: what the models work on, so a million journeys become about
/// 160,000 rows. <see cref="TouchAgesDays"/> (days from each touch to the conversion, same length as
/// <see cref="Channels"/>) is set only when the paths were grouped by timing too; only time-decay reads it.
/// </summary>
public sealed record AggregatedPath(
    IReadOnlyList<string> Channels,
    double Conversions,
    double Value,
    double Nulls,
    IReadOnlyList<double>? TouchAgesDays = null)
{
    /// <summary>The seed's CSV spelling of a path: "a > b > c". Parsing splits on '>', trims and drops empty tokens.</summary>
    public static IReadOnlyList<string> ParseChannels(string path) =>
        path.Split('>', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
