using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MeiroMmm.Domain.Attribution;

namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>Turns a domain journey into its stored row, with the seed's path hash and a dedup key.</summary>
public static class ConversionPathMapper
{
    private static JsonSerializerOptions Json => Persistence.StoredJson.Options;

    public static ConversionPath ToRow(Journey journey, string origin, DateTimeOffset importedAt)
    {
        string pathJson = JsonSerializer.Serialize(journey.Touchpoints, Json);
        var timestamps = journey.Touchpoints.Where(t => t.Timestamp is not null).Select(t => t.Timestamp!.Value).ToList();
        return new ConversionPath
        {
            // Without a conversion id, the content itself is the identity, so the same journey imported twice is one row.
            ConversionId = journey.ConversionId ?? "sha256:" + ContentHash(journey, pathJson),
            ProfileId = journey.CustomerId,
            ConversionKey = journey.KpiType,
            ConversionTs = journey.ConversionTimestamp,
            Converted = journey.Converted,
            ConversionValue = journey.ConversionValue,
            PathJson = pathJson,
            PathHash = PathHash.Of(journey.Touchpoints.Select(t => t.Channel)),
            PathLength = journey.Touchpoints.Count,
            FirstTouchTs = timestamps.Count > 0 ? timestamps.Min() : null,
            LastTouchTs = timestamps.Count > 0 ? timestamps.Max() : null,
            Origin = origin,
            ImportedAt = importedAt,
        };
    }

    public static IReadOnlyList<Touchpoint> ReadTouchpoints(string pathJson) =>
        JsonSerializer.Deserialize<List<Touchpoint>>(pathJson, Json) ?? [];

    private static string ContentHash(Journey journey, string pathJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{journey.CustomerId}|{journey.Converted}|{journey.ConversionValue:R}|{journey.ConversionTimestamp:O}|{pathJson}")))[..48];
}
