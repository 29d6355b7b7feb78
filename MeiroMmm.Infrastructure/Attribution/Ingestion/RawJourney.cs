namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// A journey as read from a file, every value still text, before <see cref="JourneyRecordBuilder"/> validates it.
/// JSON and CSV fill the same shape, so both formats are validated by the same rules and hash to the same content.
/// </summary>
internal sealed class RawJourney
{
    public string? CustomerId, ConversionValue, Converted, ConversionKey, ConversionId, ConversionTs;
    public readonly List<RawTouchpoint> Touchpoints = [];
    /// <summary>A structural problem found while reading (wrong JSON type), reported as the record's reason.</summary>
    public (string Field, string Message)? ReadError;
    /// <summary>The line of the record (JSON Lines) or of its first row (CSV).</summary>
    public int? Line;
}

internal sealed class RawTouchpoint
{
    public string? Channel, Timestamp, Campaign, Source, Medium, EventType;
    /// <summary>The timestamp when the reader could read it in place (then <see cref="Timestamp"/> stays null).</summary>
    public DateTimeOffset? ParsedTimestamp;
    /// <summary>The CSV row of this touchpoint, so a bad cell is reported at its own line.</summary>
    public int? Line;
}
