namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>
/// The seed's path-aggregate table: per day and distinct channel sequence, how many journeys converted, how many did
/// not, and their value. Kept up to date with every write of conversion paths, so path analysis reads distinct paths
/// (about 160,000 for a million journeys) instead of journeys.
/// </summary>
public sealed class PathAggregate
{
    public long Id { get; set; }
    public DateOnly Date { get; set; }
    public required string PathHash { get; set; }
    public required string ChannelPath { get; set; }
    public int PathLength { get; set; }
    public long Conversions { get; set; }
    public long NonConversions { get; set; }
    public double Value { get; set; }
    /// <summary>Σ days from first touch to conversion over converting journeys that have both timestamps.</summary>
    public double TimeToConvertDaysSum { get; set; }
    /// <summary>How many converting journeys <see cref="TimeToConvertDaysSum"/> covers.</summary>
    public long TimeToConvertCount { get; set; }
}
