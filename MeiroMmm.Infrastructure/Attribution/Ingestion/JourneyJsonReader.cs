using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// Streams journeys from JSON: an array of journey objects (read element by element with
/// <see cref="JsonSerializer.DeserializeAsyncEnumerable{TValue}(Stream, JsonSerializerOptions?, CancellationToken)"/>)
/// or JSON Lines (one object per line, split on the bytes). Neither loads the file: memory holds one buffer and one
/// journey. A bad line is rejected and reading goes on; a syntax error inside an array ends the read there (the rest
/// of an array cannot be re-synchronised), reported as one reject with the line.
/// </summary>
public static class JourneyJsonReader
{
    public static async IAsyncEnumerable<JourneyRecord> ReadAsync(Stream stream, JourneyRecordBuilder builder, [EnumeratorCancellation] CancellationToken ct)
    {
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 1 << 16, leaveOpen: true));
        byte first = await FirstSignificantByteAsync(pipe, ct);
        var records = first == (byte)'[' ? ReadArrayAsync(pipe.AsStream(leaveOpen: true), builder, ct) : ReadLinesAsync(pipe, builder, ct);
        await foreach (var record in records) yield return record;
        await pipe.CompleteAsync();
    }

    /// <summary>Peeks past white space and a UTF-8 BOM without consuming anything but them.</summary>
    private static async Task<byte> FirstSignificantByteAsync(PipeReader pipe, CancellationToken ct)
    {
        while (true)
        {
            var result = await pipe.ReadAsync(ct);
            var reader = new SequenceReader<byte>(result.Buffer);
            reader.IsNext([0xEF, 0xBB, 0xBF], advancePast: true);
            reader.AdvancePastAny((byte)' ', (byte)'\t', (byte)'\r', (byte)'\n');
            if (reader.TryPeek(out byte b)) { pipe.AdvanceTo(reader.Position); return b; }
            if (result.IsCompleted) { pipe.AdvanceTo(result.Buffer.End); return 0; }
            pipe.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static async IAsyncEnumerable<JourneyRecord> ReadArrayAsync(Stream stream, JourneyRecordBuilder builder, [EnumeratorCancellation] CancellationToken ct)
    {
        var elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, topLevelValues: false, cancellationToken: ct).GetAsyncEnumerator(ct);
        int record = 0;
        while (true)
        {
            JourneyRecord? next = null;
            bool more;
            try { more = await elements.MoveNextAsync(); }
            catch (JsonException e)
            {
                // The serializer's line count starts at 0 and at the array's first element; enough to find the spot.
                next = JourneyRecord.Rejected(record + 1, e.LineNumber is { } line ? (int)line + 1 : null, "(file)",
                    $"the JSON array is malformed here, so reading stopped ({e.Message.Split(" Path:")[0]})");
                more = false;
            }
            if (next is not null) { yield return next; break; }
            if (!more) break;
            record++;
            yield return Parse(elements.Current, builder, record, line: null);
        }
        await elements.DisposeAsync();
    }

    private static async IAsyncEnumerable<JourneyRecord> ReadLinesAsync(PipeReader pipe, JourneyRecordBuilder builder, [EnumeratorCancellation] CancellationToken ct)
    {
        int line = 0, record = 0;
        while (true)
        {
            var result = await pipe.ReadAsync(ct);
            var buffer = result.Buffer;
            while (true)
            {
                var newline = buffer.PositionOf((byte)'\n');
                if (newline is null && !(result.IsCompleted && !buffer.IsEmpty)) break;
                var lineBytes = newline is { } at ? buffer.Slice(0, at) : buffer;
                buffer = newline is { } end ? buffer.Slice(buffer.GetPosition(1, end)) : buffer.Slice(buffer.End);
                line++;
                if (IsBlank(lineBytes)) continue;
                record++;
                yield return ParseLine(lineBytes, builder, record, line);
            }
            if (result.IsCompleted) break;
            pipe.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static JourneyRecord ParseLine(ReadOnlySequence<byte> bytes, JourneyRecordBuilder builder, int record, int line)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return Parse(document.RootElement, builder, record, line);
        }
        catch (JsonException e)
        {
            return JourneyRecord.Rejected(record, line, "(line)", $"not valid JSON ({e.Message.Split(" LineNumber:")[0].TrimEnd('.', ' ')}).");
        }
    }

    private static bool IsBlank(ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
            foreach (byte b in segment.Span)
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return true;
    }

    private static JourneyRecord Parse(JsonElement element, JourneyRecordBuilder builder, int record, int? line)
    {
        var raw = new RawJourney { Line = line };
        if (element.ValueKind != JsonValueKind.Object) raw.ReadError = ("(record)", $"must be a JSON object, not {Kind(element)}.");
        else Fill(element, raw);
        return builder.Build(raw, record);
    }

    private static void Fill(JsonElement journey, RawJourney raw)
    {
        foreach (var property in journey.EnumerateObject())
        {
            switch (property.Name)
            {
                case "customer_id": raw.CustomerId = Scalar(property, raw); break;
                case "profile_id": raw.CustomerId ??= Scalar(property, raw); break;
                case "id": raw.CustomerId ??= Scalar(property, raw); break;
                case "conversion_value": raw.ConversionValue = Scalar(property, raw); break;
                case "converted": raw.Converted = Scalar(property, raw); break;
                case "kpi_type": case "conversion_key": raw.ConversionKey ??= Scalar(property, raw); break;
                case "conversion_id": raw.ConversionId = Scalar(property, raw); break;
                case "conversion_ts": raw.ConversionTs = Scalar(property, raw); break;
                case "touchpoints": Touchpoints(property.Value, raw); break;
            }
        }
    }

    private static void Touchpoints(JsonElement touchpoints, RawJourney raw)
    {
        if (touchpoints.ValueKind == JsonValueKind.Null) return;
        if (touchpoints.ValueKind != JsonValueKind.Array) { raw.ReadError ??= ("touchpoints", $"must be a list of touchpoint objects, not {Kind(touchpoints)}."); return; }
        int i = 0;
        foreach (var element in touchpoints.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object) { raw.ReadError ??= ($"touchpoints[{i}]", $"must be an object, not {Kind(element)}."); return; }
            var touch = new RawTouchpoint();
            foreach (var property in element.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "channel": touch.Channel = Scalar(property, raw, $"touchpoints[{i}]."); break;
                    case "timestamp": touch.Timestamp = Scalar(property, raw, $"touchpoints[{i}]."); break;
                    case "campaign": touch.Campaign = Scalar(property, raw, $"touchpoints[{i}]."); break;
                    case "source": touch.Source = Scalar(property, raw, $"touchpoints[{i}]."); break;
                    case "medium": touch.Medium = Scalar(property, raw, $"touchpoints[{i}]."); break;
                    case "event_type": touch.EventType = Scalar(property, raw, $"touchpoints[{i}]."); break;
                }
            }
            raw.Touchpoints.Add(touch);
            i++;
        }
    }

    /// <summary>A scalar as text (numbers in their JSON spelling); an object or array records a read error for the field.</summary>
    private static string? Scalar(JsonProperty property, RawJourney raw, string prefix = "")
    {
        var value = property.Value;
        switch (value.ValueKind)
        {
            case JsonValueKind.String: return value.GetString();
            case JsonValueKind.Number: return value.GetRawText();
            case JsonValueKind.True: return "true";
            case JsonValueKind.False: return "false";
            case JsonValueKind.Null: return null;
            default:
                raw.ReadError ??= (prefix + property.Name, $"must be a single value, not {Kind(value)}.");
                return null;
        }
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        _ => "true/false",
    };
}
