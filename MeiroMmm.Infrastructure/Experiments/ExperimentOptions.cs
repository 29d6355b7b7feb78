using MeiroMmm.Domain.Experiments;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>Settings under <c>Experiments</c> in appsettings.</summary>
public sealed class ExperimentOptions
{
    /// <summary>
    /// An outcome counts when it happens between the profile's assignment and this many days after the experiment's
    /// end: earlier it cannot have been caused by the channel, later it belongs to whatever came next.
    /// </summary>
    public double ConversionLatencyDays { get; set; } = 7;

    /// <summary>No significance alert before this many days…</summary>
    public int MinimumDays { get; set; } = 7;

    /// <summary>…and this many profiles in each group.</summary>
    public long MinimumPerGroup { get; set; } = 100;

    /// <summary>A running experiment with nothing new for this long raises a warning.</summary>
    public double StaleHours { get; set; } = 48;

    public ExperimentAlertSettings AlertSettings => new(MinimumDays, MinimumPerGroup, StaleHours);
}
