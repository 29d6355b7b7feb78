namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// The journey upload formats. <see cref="Json"/> covers both a JSON array and JSON Lines: the reader looks at the
/// first character ('[' → array, '{' → one journey per line). CSV has one row per touchpoint.
/// </summary>
public enum JourneyFileFormat { Json, Csv }

public static class JourneyFileFormats
{
    /// <summary>The format from a file name or content type: CSV by extension or text/csv, JSON (array or lines) otherwise.</summary>
    public static JourneyFileFormat FromName(string? fileName, string? contentType = null) =>
        (fileName is not null && fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        || (contentType is not null && contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
            ? JourneyFileFormat.Csv : JourneyFileFormat.Json;

    /// <summary>Parses the API's <c>format</c> value: json, jsonl, ndjson or csv.</summary>
    public static JourneyFileFormat? Parse(string? text) => text?.ToLowerInvariant() switch
    {
        "json" or "jsonl" or "ndjson" => JourneyFileFormat.Json,
        "csv" => JourneyFileFormat.Csv,
        _ => null,
    };
}
