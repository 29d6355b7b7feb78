using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MeiroMmm.Domain.Attribution;

namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>Turns a domain journey into its stored row, with the seed's path hash and a dedup key.</summary>
public static class ConversionPathMapper
{
    private static JsonSerializerOptions Json => Persistence.StoredJson.Options;

    public static ConversionPath ToRow(Journey journey, string origin, DateTimeOffset importedAt) =>
        ToRow(journey, origin, importedAt, dedupKey: null);

    /// <summary><paramref name="dedupKey"/> overrides the conversion id (uploads hash the file's content before the taxonomy).</summary>
    public static ConversionPath ToRow(Journey journey, string origin, DateTimeOffset importedAt, string? dedupKey)
    {
        string pathJson = JsonSerializer.Serialize(journey.Touchpoints, Json);
        DateTimeOffset? first = null, last = null;
        var channels = new string[journey.Touchpoints.Count];
        for (int i = 0; i < channels.Length; i++)
        {
            var t = journey.Touchpoints[i];
            channels[i] = t.Channel;
            if (t.Timestamp is not { } ts) continue;
            if (first is null || ts < first) first = ts;
            if (last is null || ts > last) last = ts;
        }
        string channelPath = string.Join(PathHash.Separator, channels);
        return new ConversionPath
        {
            // Without a conversion id, the content itself is the identity, so the same journey imported twice is one row.
            ConversionId = dedupKey ?? journey.ConversionId ?? "sha256:" + ContentHash(journey, pathJson),
            ProfileId = journey.CustomerId,
            ConversionKey = journey.KpiType,
            ConversionTs = journey.ConversionTimestamp,
            Converted = journey.Converted,
            ConversionValue = journey.ConversionValue,
            PathJson = pathJson,
            PathHash = PathHash.OfJoined(channelPath),
            ChannelPath = channelPath,
            PathLength = channels.Length,
            FirstTouchTs = first,
            LastTouchTs = last,
            JourneyDate = DateOnly.FromDateTime((journey.ConversionTimestamp ?? last ?? importedAt).UtcDateTime),
            Origin = origin,
            ImportedAt = importedAt,
        };
    }

    public static IReadOnlyList<Touchpoint> ReadTouchpoints(string pathJson) =>
        JsonSerializer.Deserialize<List<Touchpoint>>(pathJson, Json) ?? [];

    /// <summary>The journey back from its stored row.</summary>
    public static Journey ToJourney(ConversionPath row) =>
        new(row.ProfileId, ReadTouchpoints(row.PathJson), row.ConversionValue, row.Converted, row.ConversionId, row.ConversionTs, row.ConversionKey);

    private static string ContentHash(Journey journey, string pathJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{journey.CustomerId}|{journey.Converted}|{journey.ConversionValue:R}|{journey.ConversionTimestamp:O}|{pathJson}")))[..48];
}
