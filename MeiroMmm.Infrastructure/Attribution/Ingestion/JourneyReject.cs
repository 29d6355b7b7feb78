namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// Why one record was left out. <see cref="Record"/> counts journeys from 1 (the element index + 1 in a JSON array);
/// <see cref="Line"/> is the file line (JSON Lines, CSV) where the problem is, when known; <see cref="Field"/> names
/// the field, e.g. <c>touchpoints[2].timestamp</c>.
/// </summary>
public sealed record JourneyReject(int Record, int? Line, string Field, string Message)
{
    public override string ToString() => $"record {Record}{(Line is { } l ? $" (line {l})" : "")}, {Field}: {Message}";
}
