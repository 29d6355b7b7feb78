namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// What replacing the current taxonomy with a candidate would do to a set of touchpoints: how many change channel
/// (grouped from → to, largest first), each channel's touchpoints before and after (largest first), and the unknown share
/// before and after (fractions in [0, 1]; 0 without data).
/// </summary>
public sealed record TaxonomyImpact(
    int Touchpoints,
    int Changed,
    int UnknownBefore,
    int UnknownAfter,
    double UnknownShareBefore,
    double UnknownShareAfter,
    IReadOnlyList<ChannelTransition> Transitions,
    IReadOnlyList<ChannelShift> Channels)
{
    /// <summary>Percentage points the unknown share moves (negative: fewer unknown touchpoints).</summary>
    public double UnknownShareChange => UnknownShareAfter - UnknownShareBefore;
}
