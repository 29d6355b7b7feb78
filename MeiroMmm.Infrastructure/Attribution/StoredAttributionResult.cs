using MeiroMmm.Domain.Attribution;

namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>One model's result over stored journeys, with the settings it used and what the windows left out.</summary>
public sealed record StoredAttributionResult(Guid Id, string Model, DateTimeOffset CreatedAt, AttributionRunSettings Settings,
    AttributionResult Result, WindowFilterCounts Counts);
