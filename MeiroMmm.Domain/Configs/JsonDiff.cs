using System.Text.Json.Nodes;

namespace MeiroMmm.Domain.Configs;

/// <summary>
/// A structural diff of two JSON documents: objects are compared key by key (in the order of the newer document, then
/// the removed keys), arrays of objects item by item, and an array of plain values as one value, because "include
/// channels went from [a] to [a, b]" reads better than "item 1 added". Numbers compare by value (30 equals 30.0).
/// </summary>
public static class JsonDiff
{
    public static IReadOnlyList<JsonChange> Compare(JsonNode? before, JsonNode? after)
    {
        var changes = new List<JsonChange>();
        Walk("", before, after, changes);
        return changes;
    }

    private static void Walk(string path, JsonNode? before, JsonNode? after, List<JsonChange> changes)
    {
        if (before is JsonObject a && after is JsonObject b)
        {
            foreach (var (key, value) in b)
            {
                if (!a.TryGetPropertyValue(key, out var old)) changes.Add(new(Join(path, key), JsonChange.Added, null, value?.DeepClone()));
                else Walk(Join(path, key), old, value, changes);
            }
            foreach (var (key, value) in a)
                if (!b.ContainsKey(key)) changes.Add(new(Join(path, key), JsonChange.Removed, value?.DeepClone(), null));
            return;
        }
        if (before is JsonArray x && after is JsonArray y && (x.Any(i => i is JsonObject) || y.Any(i => i is JsonObject)))
        {
            for (int i = 0; i < Math.Max(x.Count, y.Count); i++)
            {
                string at = $"{path}[{i}]";
                if (i >= x.Count) changes.Add(new(at, JsonChange.Added, null, y[i]?.DeepClone()));
                else if (i >= y.Count) changes.Add(new(at, JsonChange.Removed, x[i]?.DeepClone(), null));
                else Walk(at, x[i], y[i], changes);
            }
            return;
        }
        if (!SameValue(before, after)) changes.Add(new(path, JsonChange.Changed, before?.DeepClone(), after?.DeepClone()));
    }

    private static bool SameValue(JsonNode? a, JsonNode? b)
    {
        if (a is JsonValue va && b is JsonValue vb && va.TryGetValue(out decimal da) && vb.TryGetValue(out decimal db)) return da == db;
        return JsonNode.DeepEquals(a, b);
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
