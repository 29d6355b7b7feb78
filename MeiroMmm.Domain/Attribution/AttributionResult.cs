namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// Per-channel credit of one model, channels in order of first appearance in the paths. Credits sum to
/// <see cref="TotalConversions"/> and <see cref="TotalValue"/>. The Markov model also fills the optional members.
/// </summary>
public sealed record AttributionResult(string Model, double TotalConversions, double TotalValue, IReadOnlyList<ChannelCredit> Channels)
{
    /// <summary>Markov: 1 − P(conversion without the channel) / P(conversion).</summary>
    public IReadOnlyDictionary<string, double>? RemovalEffects { get; init; }

    /// <summary>Markov: P(conversion) from (start) with every channel present.</summary>
    public double? ConversionProbability { get; init; }

    /// <summary>Markov: P(conversion) from (start) with each channel removed.</summary>
    public IReadOnlyDictionary<string, double>? ConversionProbabilityWithout { get; init; }

    /// <summary>Markov order 1: from-state → to-state → probability, including (start), (conversion) and (null).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? TransitionMatrix { get; init; }

    public ChannelCredit? this[string channel] => Channels.FirstOrDefault(c => c.Channel == channel);
}
