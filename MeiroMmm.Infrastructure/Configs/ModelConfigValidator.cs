using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using MeiroMmm.Domain.Configs;
using MeiroMmm.Infrastructure.Persistence;

namespace MeiroMmm.Infrastructure.Configs;

/// <summary>
/// Validates a model config document: first against <see cref="ModelConfigSchema"/>, then the rules a schema cannot say
/// (the primary key names a definition, definition keys are unique, a channel is not both included and excluded, a
/// filter has as many values as its operator needs). Every error names its field path the way the form editor names
/// its fields: <c>windows.click_lookback_days</c>, <c>conversions.conversion_definitions[0].dedup_mode</c>.
/// </summary>
public static partial class ModelConfigValidator
{
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    public static (ModelConfig? Config, IReadOnlyList<FieldError> Errors) Validate(JsonNode? document)
    {
        if (document is null) return (null, [new FieldError("config", "config is required: a JSON object with eligible_touchpoints, windows and conversions.")]);
        using var parsed = JsonDocument.Parse(document.ToJsonString());
        var results = ModelConfigSchema.Schema.Evaluate(parsed.RootElement, Options);
        if (!results.IsValid)
            return (null, [.. SchemaErrors(results, document).DistinctBy(e => (e.Field, e.Message))]);
        var config = ModelConfigJson.Read(document);
        var errors = RuleErrors(config);
        return errors.Count == 0 ? (config, []) : (null, errors);
    }

    private static IEnumerable<FieldError> SchemaErrors(EvaluationResults results, JsonNode document)
    {
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is null) continue;
            string path = PathOf(detail.InstanceLocation.ToString());
            foreach (var (keyword, message) in detail.Errors)
            {
                if (keyword == "required")
                {
                    // The error sits on the parent object; name each missing property itself, so the form can show it in place.
                    var parent = Resolve(document, detail.InstanceLocation.ToString()) as JsonObject;
                    foreach (Match m in QuotedName().Matches(message))
                        if (parent is null || !parent.ContainsKey(m.Groups[1].Value))
                            yield return new FieldError(Join(path, m.Groups[1].Value), $"{m.Groups[1].Value} is required.");
                }
                else if (message.Contains("false schema", StringComparison.OrdinalIgnoreCase) || keyword == "additionalProperties")
                    yield return new FieldError(path.Length == 0 ? "config" : path, $"'{LastSegment(path)}' is not a setting of a model config (check the spelling).");
                else
                    yield return new FieldError(path.Length == 0 ? "config" : path, message);
            }
        }
    }

    private static List<FieldError> RuleErrors(ModelConfig config)
    {
        var errors = new List<FieldError>();
        var definitions = config.Conversions.ConversionDefinitions;
        if (definitions.All(d => d.Key != config.Conversions.PrimaryConversionKey))
            errors.Add(new("conversions.primary_conversion_key",
                $"'{config.Conversions.PrimaryConversionKey}' is not the key of any conversion definition ({string.Join(", ", definitions.Select(d => d.Key))})."));
        for (int i = 0; i < definitions.Count; i++)
        {
            string at = $"conversions.conversion_definitions[{i}]";
            if (definitions.Take(i).Any(d => d.Key == definitions[i].Key))
                errors.Add(new($"{at}.key", $"Key '{definitions[i].Key}' is used by an earlier definition; keys must be unique."));
            for (int j = 0; j < definitions[i].Filters.Count; j++)
            {
                var f = definitions[i].Filters[j];
                string? problem = f.Op switch
                {
                    "exists" when f.Value.Count > 0 => "exists takes no value.",
                    "in" or "not_in" when f.Value.Count == 0 => $"{f.Op} needs at least one value.",
                    "eq" or "neq" or "gt" or "gte" or "lt" or "lte" when f.Value.Count != 1 => $"{f.Op} needs exactly one value.",
                    _ => null,
                };
                if (problem is not null) errors.Add(new($"{at}.filters[{j}].value", problem));
            }
        }
        var e = config.EligibleTouchpoints;
        foreach (var (include, exclude, field) in new[]
        {
            (e.IncludeChannels, e.ExcludeChannels, "exclude_channels"), (e.IncludeEventTypes, e.ExcludeEventTypes, "exclude_event_types"),
            (e.IncludeCampaigns, e.ExcludeCampaigns, "exclude_campaigns"),
        })
        {
            var both = include.Intersect(exclude, StringComparer.OrdinalIgnoreCase).ToList();
            if (both.Count > 0)
                errors.Add(new($"eligible_touchpoints.{field}", $"{string.Join(", ", both)} is both included and excluded; exclusion would win, so remove it from one list."));
        }
        return errors;
    }

    /// <summary>JSON pointer → the dotted path the API and form use: /a/b/0/c → a.b[0].c.</summary>
    internal static string PathOf(string pointer)
    {
        var path = new System.Text.StringBuilder();
        foreach (string raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string segment = raw.Replace("~1", "/").Replace("~0", "~");
            if (int.TryParse(segment, out _)) path.Append('[').Append(segment).Append(']');
            else path.Append(path.Length == 0 ? "" : ".").Append(segment);
        }
        return path.ToString();
    }

    private static JsonNode? Resolve(JsonNode document, string pointer)
    {
        JsonNode? node = document;
        foreach (string raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string segment = raw.Replace("~1", "/").Replace("~0", "~");
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, out int i) && i < a.Count => a[i],
                _ => null,
            };
        }
        return node;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string LastSegment(string path) => path[(Math.Max(path.LastIndexOf('.'), path.LastIndexOf(']')) + 1)..];

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex QuotedName();
}
