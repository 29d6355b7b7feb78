namespace MeiroMmm.Domain.Attribution;

/// <summary>One marketing touch on a customer's path. <see cref="Channel"/> is the taxonomy's channel key.</summary>
public sealed record Touchpoint(
    string Channel,
    DateTimeOffset? Timestamp = null,
    string? Campaign = null,
    string? Source = null,
    string? Medium = null,
    string? EventType = null);

/// <summary>
/// A customer journey as the seed's data contract defines it: ordered touchpoints ending in a conversion
/// (<see cref="Converted"/> true) or not (a non-converting path, needed by the Markov model).
/// </summary>
public sealed record Journey(
    string CustomerId,
    IReadOnlyList<Touchpoint> Touchpoints,
    double ConversionValue,
    bool Converted = true,
    string? ConversionId = null,
    DateTimeOffset? ConversionTimestamp = null,
    string? KpiType = null);
