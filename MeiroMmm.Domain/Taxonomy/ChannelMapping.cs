namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// The channel a touchpoint maps to and how sure the mapping is, on the seed's scale (see <see cref="ChannelMapper"/>).
/// <see cref="Source"/> and <see cref="Medium"/> are the normalized inputs; <see cref="FallbackReason"/> says why the
/// confidence is below 1.0 (null at 1.0).
/// </summary>
public sealed record ChannelMapping(string Channel, string? MatchedRule, double Confidence, string Source, string Medium, string? FallbackReason)
{
    public bool IsUnknown => Channel == ChannelRule.Unattributed;
}
