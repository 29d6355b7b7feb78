using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using MeiroMmm.Domain.Attribution;
using MeiroMmm.Domain.Taxonomy;

namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// Validates a <see cref="RawJourney"/> against the seed's journey contract and builds the domain journey. The first
/// problem rejects the record with the field it is in. A touchpoint with a source or medium takes its channel from the
/// taxonomy (<see cref="ChannelMapper"/>); when the taxonomy knows no channel for it, the given <c>channel</c> stays.
/// Mappings are cached per (source, medium, campaign), since uploads repeat a few hundred tags millions of times.
/// One builder per upload, thread-safe: the lines of a JSON Lines file are validated on several threads at once.
/// </summary>
public sealed class JourneyRecordBuilder(ChannelMapper? mapper)
{
    public const int MaxIdLength = 120, MaxKeyLength = 100, MaxProfileLength = 200;
    private readonly ConcurrentDictionary<(string, string, string), string?> _mapped = [];
    private int _channelsFromTaxonomy;

    /// <summary>Touches whose channel came from the taxonomy rather than the file's <c>channel</c>.</summary>
    public int ChannelsFromTaxonomy => Volatile.Read(ref _channelsFromTaxonomy);

    internal JourneyRecord Build(RawJourney raw, int record)
    {
        JourneyRecord Reject(string field, string message, int? line = null) => JourneyRecord.Rejected(record, line ?? raw.Line, field, message);
        if (raw.ReadError is { } readError) return Reject(readError.Field, readError.Message);

        string? customer = Blank(raw.CustomerId);
        if (customer is null) return Reject("customer_id", "is required (also accepted: profile_id, id).");
        if (customer.Length > MaxProfileLength) return Reject("customer_id", $"is longer than {MaxProfileLength} characters.");
        if (raw.Touchpoints.Count == 0) return Reject("touchpoints", "must hold at least one touchpoint.");

        double value = 0;
        if (Blank(raw.ConversionValue) is { } valueText
            && (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value) || value < 0))
            return Reject("conversion_value", $"'{valueText}' is not a number ≥ 0.");
        bool converted = true;
        if (Blank(raw.Converted) is { } convertedText && !TryBool(convertedText, out converted))
            return Reject("converted", $"'{convertedText}' is not true or false.");
        DateTimeOffset? conversionTs = null;
        if (Blank(raw.ConversionTs) is { } tsText)
        {
            if (!IsoTimestamp.TryParse(tsText, out var ts)) return Reject("conversion_ts", $"'{tsText}' is not an ISO 8601 date-time.");
            conversionTs = ts;
        }
        string? conversionId = Blank(raw.ConversionId);
        if (conversionId is { Length: > MaxIdLength }) return Reject("conversion_id", $"is longer than {MaxIdLength} characters.");
        string? key = Blank(raw.ConversionKey);
        if (key is { Length: > MaxKeyLength }) return Reject("kpi_type", $"is longer than {MaxKeyLength} characters.");

        var touches = new Touchpoint[raw.Touchpoints.Count];
        for (int i = 0; i < touches.Length; i++)
        {
            var t = raw.Touchpoints[i];
            DateTimeOffset? at = t.ParsedTimestamp;
            if (at is null && Blank(t.Timestamp) is { } atText)
            {
                if (!IsoTimestamp.TryParse(atText, out var parsed)) return Reject($"touchpoints[{i}].timestamp", $"'{atText}' is not an ISO 8601 date-time.", t.Line);
                at = parsed;
            }
            string? given = Blank(t.Channel), source = Blank(t.Source), medium = Blank(t.Medium), campaign = Blank(t.Campaign);
            string? channel = given;
            if ((source is not null || medium is not null) && Map(source, medium, campaign) is { } mapped)
            {
                if (mapped != given) Interlocked.Increment(ref _channelsFromTaxonomy);
                channel = mapped;
            }
            if (channel is null)
                return Reject($"touchpoints[{i}].channel", source is null && medium is null
                    ? "is required."
                    : $"is missing, and the taxonomy maps source '{source}' / medium '{medium}' to no channel.", t.Line);
            touches[i] = new Touchpoint(channel, at, campaign, source, medium, Blank(t.EventType));
        }
        var journey = new Journey(customer, touches, value, converted, conversionId, conversionTs, key);
        return new JourneyRecord(record, journey, conversionId ?? ContentHashKey(raw, journey), null);
    }

    private string? Map(string? source, string? medium, string? campaign)
    {
        if (mapper is null) return null;
        return _mapped.GetOrAdd((source ?? "", medium ?? "", campaign ?? ""), static (key, taxonomy) =>
        {
            string mapped = taxonomy.Map(NullIfEmpty(key.Item1), NullIfEmpty(key.Item2), NullIfEmpty(key.Item3)).Channel;
            return mapped == ChannelRule.Unattributed ? null : mapped;
        }, mapper);
    }

    /// <summary>
    /// SHA-256 over the parsed content with the file's own channel names (before the taxonomy), so the same journey
    /// hashes the same from JSON or CSV and after a taxonomy edit: re-uploading it is recognised as a duplicate. The
    /// fields are written as UTF-8 straight into a reused buffer (unit separator between fields, record separator before
    /// each touchpoint; numbers invariant, ticks for times): the bytes the stored ids were first made from, as a test checks.
    /// The key is "sha256:" and the hash in lower-case hex.
    /// </summary>
    private static string ContentHashKey(RawJourney raw, Journey journey)
    {
        var text = (t_hashText ??= new Utf8Text()).Clear();
        text.Append(journey.CustomerId).Unit().Append(journey.Converted ? "1" : "0").Unit()
            .Append(journey.ConversionValue, "R").Unit().Append(journey.ConversionTimestamp?.UtcTicks).Unit().Append(journey.KpiType);
        for (int i = 0; i < journey.Touchpoints.Count; i++)
        {
            var t = journey.Touchpoints[i];
            text.Record().Append(Blank(raw.Touchpoints[i].Channel)).Unit().Append(t.Timestamp?.UtcTicks).Unit()
                .Append(t.Campaign).Unit().Append(t.Source).Unit().Append(t.Medium).Unit().Append(t.EventType);
        }
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        (t_sha256 ??= SHA256.Create()).TryComputeHash(text.Written, hash, out _);
        Span<char> key = stackalloc char[KeyPrefix.Length + 2 * SHA256.HashSizeInBytes];
        KeyPrefix.CopyTo(key);
        Convert.TryToHexStringLower(hash, key[KeyPrefix.Length..], out _);
        return new string(key);
    }

    private const string KeyPrefix = "sha256:";
    [ThreadStatic] private static Utf8Text? t_hashText;   // one per thread: builders are shared by the reading threads
    // One per thread and reused: the one-shot SHA256.HashData sets up and frees OpenSSL's digest context every call
    // (1.3 µs per 300-byte text against 0.6–1.0 µs reused, docs/BENCHMARKS.md).
    [ThreadStatic] private static SHA256? t_sha256;

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static string? Blank(string? text)
    {
        if (text is null) return null;
        string trimmed = text.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    private static bool TryBool(string text, out bool value)
    {
        switch (text.ToLowerInvariant())
        {
            case "true" or "1" or "yes": value = true; return true;
            case "false" or "0" or "no": value = false; return true;
            default: value = false; return false;
        }
    }

}
