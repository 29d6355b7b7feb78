namespace MeiroMmm.Domain.Channels;

/// <summary>
/// One method's return per unit of spend for a channel, with its 90% interval when the method has one (attribution does not).
/// </summary>
public sealed record ChannelEstimate(string Source, double Value, double? Low90 = null, double? High90 = null)
{
    /// <summary>The interval, or the point itself for a method without one.</summary>
    public (double Low, double High) Range => (Low90 ?? Value, High90 ?? Value);
}
