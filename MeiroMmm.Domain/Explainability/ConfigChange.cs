using MeiroMmm.Domain.Configs;

namespace MeiroMmm.Domain.Explainability;

/// <summary>
/// The active model config of the comparison period and of the current period (id and name) and the structural JSON
/// diff between them (<see cref="JsonDiff"/>), empty when the same config was active throughout.
/// </summary>
public sealed record ConfigChange(int? CompareConfigId, string? CompareConfigName, int? CurrentConfigId, string? CurrentConfigName, IReadOnlyList<JsonChange> Changes)
{
    /// <summary>One line per change, e.g. <c>windows.click_lookback_days 30 → 45</c>.</summary>
    public IReadOnlyList<string> Lines => [.. Changes.Select(Describe)];

    public static string Describe(JsonChange change) => change.Kind switch
    {
        JsonChange.Added => $"{change.Path} added ({Show(change.After)})",
        JsonChange.Removed => $"{change.Path} removed (was {Show(change.Before)})",
        _ => $"{change.Path} {Show(change.Before)} → {Show(change.After)}",
    };

    private static string Show(System.Text.Json.Nodes.JsonNode? node) =>
        node is null ? "null" : node is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out string? s) ? s : node.ToJsonString();
}
