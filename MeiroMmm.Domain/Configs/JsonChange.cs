using System.Text.Json.Nodes;

namespace MeiroMmm.Domain.Configs;

/// <summary>
/// One difference between two JSON documents: at <see cref="Path"/> (dotted, with [i] for array items, e.g.
/// <c>conversions.conversion_definitions[0].value_field</c>) a value was added, removed or changed.
/// </summary>
public sealed record JsonChange(string Path, string Kind, JsonNode? Before, JsonNode? After)
{
    public const string Added = "added", Removed = "removed", Changed = "changed";
}
