using System.Globalization;
using System.Text.Json;
using MeiroMmm.Infrastructure.Attribution.Ingestion;

namespace MeiroMmm.Infrastructure.DataSources;

/// <summary>
/// Turns one CDP record (a profile's conversion path) into the journey contract through the connection's
/// <see cref="CdpFieldMapping"/>, then validates it with the upload's <see cref="JourneyRecordBuilder"/>: CDP records
/// get the same validation, taxonomy mapping and dedup keys (conversion id or content hash) as uploaded files.
/// </summary>
public sealed class CdpRecordMapper(CdpFieldMapping mapping, IReadOnlySet<string> touchpointTypes, IReadOnlySet<string> conversionTypes)
{
    public static CdpRecordMapper For(CdpConnection connection) => new(
        JsonSerializer.Deserialize<CdpFieldMapping>(connection.FieldMappingJson, Persistence.StoredJson.Options) ?? new CdpFieldMapping(),
        ParseTypes(connection.TouchpointEventTypes), ParseTypes(connection.ConversionEventTypes));

    public static IReadOnlySet<string> ParseTypes(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The record time used for the watermark (<c>updated_at</c>, else the conversion time), or null.</summary>
    public DateTimeOffset? RecordTime(JsonElement record)
    {
        foreach (var path in new[] { mapping.UpdatedAt, mapping.ConversionTs })
            if (Text(Find(record, path)) is { } text
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                return at;
        return null;
    }

    public JourneyRecord Map(JsonElement record, int number, JourneyRecordBuilder builder) => builder.Build(ToRaw(record), number);

    internal RawJourney ToRaw(JsonElement record)
    {
        var raw = new RawJourney();
        if (record.ValueKind != JsonValueKind.Object) { raw.ReadError = ("record", "is not a JSON object."); return raw; }
        try
        {
            raw.CustomerId = Text(Find(record, mapping.ProfileId));
            raw.ConversionId = Text(Find(record, mapping.ConversionId));
            raw.ConversionTs = Text(Find(record, mapping.ConversionTs));
            raw.ConversionValue = Text(Find(record, mapping.ConversionValue));
            raw.ConversionKey = Text(Find(record, mapping.ConversionKey));
            // A record whose conversion event is not one of the configured conversion types is kept as a
            // non-converting path (it still feeds path aggregates); with no types configured every record converts.
            string? conversionType = Text(Find(record, mapping.ConversionEventType));
            bool hasConversion = raw.ConversionId is not null || raw.ConversionTs is not null || conversionType is not null;
            raw.Converted = hasConversion && (conversionTypes.Count == 0 || (conversionType is not null && conversionTypes.Contains(conversionType))) ? "true" : "false";

            var touches = Find(record, mapping.Touchpoints);
            if (touches is { ValueKind: JsonValueKind.Array } array)
                foreach (var t in array.EnumerateArray())
                {
                    if (t.ValueKind != JsonValueKind.Object) { raw.ReadError = (mapping.Touchpoints, "holds an element that is not an object."); return raw; }
                    var touch = new RawTouchpoint
                    {
                        Channel = Text(Find(t, mapping.Channel)), Source = Text(Find(t, mapping.Source)), Medium = Text(Find(t, mapping.Medium)),
                        Campaign = Text(Find(t, mapping.Campaign)), Timestamp = Text(Find(t, mapping.Timestamp)), EventType = Text(Find(t, mapping.EventType)),
                    };
                    if (touchpointTypes.Count == 0 || (touch.EventType is not null && touchpointTypes.Contains(touch.EventType))) raw.Touchpoints.Add(touch);
                }
            else if (touches is not null && touches.Value.ValueKind != JsonValueKind.Null)
                raw.ReadError = (mapping.Touchpoints, "is not an array.");
        }
        catch (FormatException ex) { raw.ReadError = ("record", ex.Message); }
        return raw;
    }

    /// <summary>Follows a dotted path; null when any segment is missing.</summary>
    internal static JsonElement? Find(JsonElement element, string path)
    {
        var current = element;
        foreach (string segment in path.Split('.'))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var next)) current = next;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < current.GetArrayLength()) current = current[i];
            else return null;
        }
        return current;
    }

    private static string? Text(JsonElement? value) => value?.ValueKind switch
    {
        null or JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.Value.GetString(),
        JsonValueKind.Number => value.Value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new FormatException($"a mapped field holds a JSON {value.Value.ValueKind.ToString().ToLowerInvariant()}, not a value."),
    };
}
