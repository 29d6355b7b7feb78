using System.Text.Json;
using System.Text.Json.Serialization;

namespace MeiroMmm.Infrastructure.Persistence;

/// <summary>How JSON kept in columns is written: snake_case like the API, so stored and served JSON read the same.</summary>
public static class StoredJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
