using System.Globalization;
using System.Runtime.CompilerServices;
using CsvHelper;
using CsvHelper.Configuration;

namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// Streams journeys from CSV with one row per touchpoint. Columns (header names, any order, case-insensitive):
/// <c>customer_id</c> (or <c>profile_id</c>, <c>id</c>), <c>channel</c>, optional <c>journey_id</c>, <c>timestamp</c>,
/// <c>campaign</c>, <c>source</c>, <c>medium</c>, <c>event_type</c>, <c>conversion_value</c>, <c>converted</c>,
/// <c>kpi_type</c> (or <c>conversion_key</c>), <c>conversion_id</c>, <c>conversion_ts</c>. Consecutive rows with the same
/// journey id (<c>journey_id</c>, else <c>conversion_id</c>, else the customer id) are one journey, in row order; its
/// journey-level values come from its first row that has them. A journey id that comes back after another journey is
/// rejected (the file must be grouped, so it can be read in one pass without holding it).
/// </summary>
public static class JourneyCsvReader
{
    private static readonly string[] CustomerColumns = ["customer_id", "profile_id", "id"];

    public static async IAsyncEnumerable<JourneyRecord> ReadAsync(Stream stream, JourneyRecordBuilder builder, [EnumeratorCancellation] CancellationToken ct)
    {
        using var text = new StreamReader(stream, leaveOpen: true);
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim, MissingFieldFound = null, BadDataFound = null, DetectColumnCountChanges = false,
        });
        if (!await csv.ReadAsync() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
        {
            yield return JourneyRecord.Rejected(1, 1, "(file)", "the file is empty or has no header row.");
            yield break;
        }
        int Column(params string[] names) => Array.FindIndex(header, h => names.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase));
        int customer = Column(CustomerColumns), channel = Column("channel"), source = Column("source"), medium = Column("medium");
        if (customer < 0 || (channel < 0 && source < 0 && medium < 0))
        {
            yield return JourneyRecord.Rejected(1, 1, customer < 0 ? "customer_id" : "channel",
                $"column is missing; the header has {string.Join(", ", header)}.");
            yield break;
        }
        int journeyId = Column("journey_id"), timestamp = Column("timestamp"), campaign = Column("campaign"), eventType = Column("event_type"),
            value = Column("conversion_value"), converted = Column("converted"), key = Column("kpi_type", "conversion_key"),
            conversionId = Column("conversion_id"), conversionTs = Column("conversion_ts");

        string? Cell(int index) => index < 0 ? null : csv.GetField(index) is { Length: > 0 } s ? s : null;

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);   // journey id → first line, to catch ungrouped files
        RawJourney? current = null;
        string? currentId = null;
        int record = 0;
        while (await csv.ReadAsync())
        {
            ct.ThrowIfCancellationRequested();
            int line = csv.Parser.RawRow;
            string id = Cell(journeyId) ?? Cell(conversionId) ?? Cell(customer) ?? "";
            if (current is null || id != currentId)
            {
                if (current is not null) yield return builder.Build(current, ++record);
                current = new RawJourney { Line = line };
                currentId = id;
                if (id.Length > 0 && !seen.TryAdd(id, line))
                    current.ReadError = ("journey_id", $"'{id}' already appeared at line {seen[id]}; rows of one journey must be next to each other.");
            }
            current.CustomerId ??= Cell(customer);
            current.ConversionValue ??= Cell(value);
            current.Converted ??= Cell(converted);
            current.ConversionKey ??= Cell(key);
            current.ConversionId ??= Cell(conversionId);
            current.ConversionTs ??= Cell(conversionTs);
            current.Touchpoints.Add(new RawTouchpoint
            {
                Channel = Cell(channel), Timestamp = Cell(timestamp), Campaign = Cell(campaign), Source = Cell(source),
                Medium = Cell(medium), EventType = Cell(eventType), Line = line,
            });
        }
        if (current is not null) yield return builder.Build(current, ++record);
    }
}
