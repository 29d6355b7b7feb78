namespace MeiroMmm.Domain.Attribution;

/// <summary>A channel's attributed conversions and value; <see cref="Share"/> is its fraction of all credit (0–1).</summary>
public sealed record ChannelCredit(string Channel, double Conversions, double Value, double Share);
