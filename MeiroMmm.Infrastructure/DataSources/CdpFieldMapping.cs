namespace MeiroMmm.Infrastructure.DataSources;

/// <summary>
/// Where our journey fields are in a CDP record: dotted JSON paths (<c>conversion.id</c>; a number segment indexes an
/// array). Touchpoint paths are relative to each element of <see cref="Touchpoints"/>. Defaults follow docs/CDP.md.
/// </summary>
public sealed record CdpFieldMapping
{
    public string ProfileId { get; init; } = "profile_id";
    public string UpdatedAt { get; init; } = "updated_at";
    public string Touchpoints { get; init; } = "touchpoints";
    public string Channel { get; init; } = "channel";
    public string Source { get; init; } = "source";
    public string Medium { get; init; } = "medium";
    public string Campaign { get; init; } = "campaign";
    public string Timestamp { get; init; } = "timestamp";
    public string EventType { get; init; } = "event_type";
    public string ConversionId { get; init; } = "conversion.id";
    public string ConversionTs { get; init; } = "conversion.ts";
    public string ConversionValue { get; init; } = "conversion.value";
    public string ConversionKey { get; init; } = "conversion.key";
    public string ConversionEventType { get; init; } = "conversion.event_type";

    /// <summary>Names of blank or malformed paths (as API field names), empty when all are usable.</summary>
    public IEnumerable<string> InvalidPaths()
    {
        var paths = new (string Name, string Path)[]
        {
            ("profile_id", ProfileId), ("updated_at", UpdatedAt), ("touchpoints", Touchpoints), ("channel", Channel), ("source", Source),
            ("medium", Medium), ("campaign", Campaign), ("timestamp", Timestamp), ("event_type", EventType), ("conversion_id", ConversionId),
            ("conversion_ts", ConversionTs), ("conversion_value", ConversionValue), ("conversion_key", ConversionKey),
            ("conversion_event_type", ConversionEventType),
        };
        return paths.Where(p => string.IsNullOrWhiteSpace(p.Path) || p.Path.Length > 200 || p.Path.Split('.').Any(s => s.Length == 0))
            .Select(p => "field_mapping." + p.Name);
    }
}
