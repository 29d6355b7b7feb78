using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// Streams journeys from JSON: an array of journey objects (read element by element with
/// <see cref="JsonSerializer.DeserializeAsyncEnumerable{TValue}(Stream, JsonSerializerOptions?, CancellationToken)"/>)
/// or JSON Lines (one object per line, split on the bytes, parsed in chunks on several threads). Neither loads the file:
/// memory holds one buffer and one journey, or a few chunks of lines. A bad line is rejected and reading goes on; a
/// syntax error inside an array ends the read there (the rest of an array cannot be re-synchronised), reported as one
/// reject with the line.
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

    /// <summary>Lines per chunk, and chunks read ahead of the one being handed out.</summary>
    private const int ChunkLines = 2_000, ChunksAhead = 4;

    /// <summary>
    /// JSON Lines in chunks of <see cref="ChunkLines"/> lines: one task splits the file into chunks, each chunk is parsed
    /// and validated on the thread pool while later ones are read, and the records come back in file order (the channel
    /// holds the chunks' tasks in order). Parsing was the upload's slowest stage on one thread. Memory holds at most
    /// <see cref="ChunksAhead"/> + 2 chunks of about 1 MB.
    /// </summary>
    private static async IAsyncEnumerable<JourneyRecord> ReadLinesAsync(PipeReader pipe, JourneyRecordBuilder builder, [EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var chunks = Channel.CreateBounded<Task<JourneyRecord[]>>(new BoundedChannelOptions(ChunksAhead) { SingleReader = true, SingleWriter = true });
        var splitter = Task.Run(async () =>
        {
            try
            {
                await SplitLinesAsync(pipe, builder, chunks.Writer, stop.Token);
                chunks.Writer.Complete();
            }
            catch (Exception e) { chunks.Writer.Complete(e); }
        }, CancellationToken.None);
        try
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync(stop.Token))
                foreach (var record in await chunk) yield return record;
        }
        finally
        {
            stop.Cancel();   // the caller stopped early, or failed: the splitter must not wait for room in the channel
            await splitter;
        }
    }

    private static async Task SplitLinesAsync(PipeReader pipe, JourneyRecordBuilder builder, ChannelWriter<Task<JourneyRecord[]>> chunks, CancellationToken ct)
    {
        int line = 0, record = 0;
        var chunk = new LineChunk();
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
                chunk.Add(lineBytes, ++record, line);
                if (chunk.Count == ChunkLines)
                {
                    await chunks.WriteAsync(chunk.ParseAsync(builder), ct);
                    chunk = new LineChunk();
                }
            }
            if (result.IsCompleted) break;
            pipe.AdvanceTo(buffer.Start, buffer.End);
        }
        if (chunk.Count > 0) await chunks.WriteAsync(chunk.ParseAsync(builder), ct);
    }

    /// <summary>
    /// Consecutive lines copied out of the pipe's buffer, with their record and line numbers, in an array rented from
    /// the shared pool and given back once parsed (a fresh megabyte per chunk would churn the large-object heap).
    /// </summary>
    private sealed class LineChunk
    {
        private byte[] _bytes = ArrayPool<byte>.Shared.Rent(1 << 20);
        private int _length;
        private readonly List<(int Start, int Length, int Record, int Line)> _lines = new(ChunkLines);

        public int Count => _lines.Count;

        public void Add(ReadOnlySequence<byte> bytes, int record, int line)
        {
            int length = checked((int)bytes.Length);
            if (_length + length > _bytes.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(2 * _bytes.Length, _length + length));
                _bytes.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_bytes);
                _bytes = larger;
            }
            bytes.CopyTo(_bytes.AsSpan(_length));
            _lines.Add((_length, length, record, line));
            _length += length;
        }

        public Task<JourneyRecord[]> ParseAsync(JourneyRecordBuilder builder) => Task.Run(() =>
        {
            try
            {
                var records = new JourneyRecord[_lines.Count];
                for (int i = 0; i < records.Length; i++)
                {
                    var (start, length, record, line) = _lines[i];
                    records[i] = ParseLine(new ReadOnlySequence<byte>(_bytes, start, length), builder, record, line);
                }
                return records;
            }
            finally { ArrayPool<byte>.Shared.Return(_bytes); }   // the records hold strings, nothing of the array
        });
    }

    private static JourneyRecord ParseLine(ReadOnlySequence<byte> bytes, JourneyRecordBuilder builder, int record, int line)
    {
        var raw = new RawJourney { Line = line };
        try
        {
            var reader = new Utf8JsonReader(bytes);
            Read(ref reader, raw);
            reader.Read();   // only white space may follow: anything else throws, as JsonDocument.Parse does
        }
        catch (JsonException e)
        {
            return JourneyRecord.Rejected(record, line, "(line)", $"not valid JSON ({e.Message.Split(" LineNumber:")[0].TrimEnd('.', ' ')}).");
        }
        return builder.Build(raw, record);
    }

    private static bool IsBlank(ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
            foreach (byte b in segment.Span)
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return true;
    }

    /// <summary>An element of a JSON array, read by the same code as a line, from its raw bytes.</summary>
    private static JourneyRecord Parse(JsonElement element, JourneyRecordBuilder builder, int record, int? line)
    {
        var raw = new RawJourney { Line = line };
        var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(element));
        Read(ref reader, raw);
        return builder.Build(raw, record);
    }

    /// <summary>
    /// One journey, token by token: no document tree per line and no string per property name (about 6 % of reading and
    /// validating 1M journeys on one thread, 6.9 → 6.5 s). Values stay text for <see cref="JourneyRecordBuilder"/>; a value
    /// of the wrong JSON type records the record's read error and is skipped. Throws <see cref="JsonException"/> on malformed JSON.
    /// </summary>
    private static void Read(ref Utf8JsonReader reader, RawJourney raw)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            raw.ReadError = ("(record)", $"must be a JSON object, not {Kind(reader.TokenType)}.");
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("customer_id"u8)) raw.CustomerId = Scalar(ref reader, raw, "customer_id");
            else if (reader.ValueTextEquals("profile_id"u8)) raw.CustomerId ??= Scalar(ref reader, raw, "profile_id");
            else if (reader.ValueTextEquals("id"u8)) raw.CustomerId ??= Scalar(ref reader, raw, "id");
            else if (reader.ValueTextEquals("conversion_value"u8)) raw.ConversionValue = Scalar(ref reader, raw, "conversion_value");
            else if (reader.ValueTextEquals("converted"u8)) raw.Converted = Scalar(ref reader, raw, "converted");
            else if (reader.ValueTextEquals("kpi_type"u8)) raw.ConversionKey ??= Scalar(ref reader, raw, "kpi_type");
            else if (reader.ValueTextEquals("conversion_key"u8)) raw.ConversionKey ??= Scalar(ref reader, raw, "conversion_key");
            else if (reader.ValueTextEquals("conversion_id"u8)) raw.ConversionId = Scalar(ref reader, raw, "conversion_id");
            else if (reader.ValueTextEquals("conversion_ts"u8)) raw.ConversionTs = Scalar(ref reader, raw, "conversion_ts");
            else if (reader.ValueTextEquals("touchpoints"u8)) Touchpoints(ref reader, raw);
            else reader.Skip();   // a field we do not read, with its value
        }
    }

    private static void Touchpoints(ref Utf8JsonReader reader, RawJourney raw)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            raw.ReadError ??= ("touchpoints", $"must be a list of touchpoint objects, not {Kind(reader.TokenType)}.");
            reader.Skip();
            return;
        }
        int i = 0;
        bool bad = false;   // after a bad element the rest of the list is only skipped
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (bad) { reader.Skip(); continue; }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                raw.ReadError ??= ($"touchpoints[{i}]", $"must be an object, not {Kind(reader.TokenType)}.");
                reader.Skip();
                bad = true;
                continue;
            }
            var touch = new RawTouchpoint();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("channel"u8)) touch.Channel = Scalar(ref reader, raw, "channel", i, pooled: true);
                else if (reader.ValueTextEquals("timestamp"u8)) Timestamp(ref reader, raw, touch, i);
                else if (reader.ValueTextEquals("campaign"u8)) touch.Campaign = Scalar(ref reader, raw, "campaign", i, pooled: true);
                else if (reader.ValueTextEquals("source"u8)) touch.Source = Scalar(ref reader, raw, "source", i, pooled: true);
                else if (reader.ValueTextEquals("medium"u8)) touch.Medium = Scalar(ref reader, raw, "medium", i, pooled: true);
                else if (reader.ValueTextEquals("event_type"u8)) touch.EventType = Scalar(ref reader, raw, "event_type", i, pooled: true);
                else reader.Skip();
            }
            raw.Touchpoints.Add(touch);
            i++;
        }
    }

    /// <summary>
    /// A touchpoint's timestamp: in the common ISO 8601 form it is read in place (no string made; about five per journey),
    /// otherwise kept as text for <see cref="JourneyRecordBuilder"/> to parse or reject.
    /// </summary>
    private static void Timestamp(ref Utf8JsonReader reader, RawJourney raw, RawTouchpoint touch, int touchpoint)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String && IsPlainText(reader) && IsoTimestamp.TryParseCommonForm(reader.ValueSpan, out var at))
        {
            touch.ParsedTimestamp = at;
            return;
        }
        touch.Timestamp = Value(ref reader, raw, "timestamp", touchpoint, pooled: false);
    }

    /// <summary>A string value whose bytes are its text (no escapes) in one span, so it can be read in place.</summary>
    private static bool IsPlainText(in Utf8JsonReader reader) => !reader.ValueIsEscaped && !reader.HasValueSequence;

    [ThreadStatic] private static Utf8StringPool? t_pool;   // one per thread: chunks are parsed on several at once

    /// <summary>
    /// The value after a property name as text (numbers in their JSON spelling); an object or a list records a read
    /// error for the field (<c>touchpoints[i].</c> in front for a touchpoint's) and is skipped. <paramref name="pooled"/>
    /// strings come from the thread's <see cref="Utf8StringPool"/>, for values that repeat across lines.
    /// </summary>
    private static string? Scalar(ref Utf8JsonReader reader, RawJourney raw, string field, int touchpoint = -1, bool pooled = false)
    {
        reader.Read();
        return Value(ref reader, raw, field, touchpoint, pooled);
    }

    private static string? Value(ref Utf8JsonReader reader, RawJourney raw, string field, int touchpoint, bool pooled)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String when pooled && IsPlainText(reader):
                var pool = t_pool ??= new Utf8StringPool();
                return pool.Find(reader.ValueSpan) ?? pool.Keep(reader.ValueSpan, reader.GetString()!);
            case JsonTokenType.String: return reader.GetString();
            case JsonTokenType.Number: return Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
            case JsonTokenType.True: return "true";
            case JsonTokenType.False: return "false";
            case JsonTokenType.Null: return null;
            default:
                raw.ReadError ??= (touchpoint < 0 ? field : $"touchpoints[{touchpoint}].{field}", $"must be a single value, not {Kind(reader.TokenType)}.");
                reader.Skip();
                return null;
        }
    }

    private static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.Null => "null",
        _ => "true/false",
    };
}
