using MeiroMmm.Domain.Attribution;

namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>
/// What an attribution run used: the model's parameters, the windows and eligibility applied to the touchpoints, the
/// journeys' date range (inclusive, by <see cref="ConversionPath.JourneyDate"/>), the conversion key, and the cut-off
/// the conversion latency is measured from.
/// </summary>
public sealed record AttributionRunSettings(
    AttributionModelParameters Parameters,
    AttributionWindows Windows,
    TouchpointEligibility Eligibility,
    DateOnly? From = null,
    DateOnly? To = null,
    string? ConversionKey = null,
    int? ModelConfigId = null)
{
    /// <summary>Set by the run: the end of <see cref="To"/>, else the latest timestamp in the stored journeys.</summary>
    public DateTimeOffset? AsOf { get; init; }

    public static AttributionRunSettings Default { get; } = new(AttributionModelParameters.Default, AttributionWindows.Default, TouchpointEligibility.All);
}
