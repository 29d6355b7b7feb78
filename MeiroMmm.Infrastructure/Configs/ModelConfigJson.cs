using System.Text.Json.Nodes;
using System.Globalization;
using MeiroMmm.Domain.Attribution;
using MeiroMmm.Domain.Configs;

namespace MeiroMmm.Infrastructure.Configs;

/// <summary>
/// The stored and served JSON form of <see cref="ModelConfig"/>, written out by hand so the document's shape is exactly
/// the schema's (every list present, snake_case) and the domain record carries no serializer attributes.
/// <see cref="Read"/> expects a document that passed <see cref="ModelConfigValidator"/>.
/// </summary>
public static class ModelConfigJson
{
    public static JsonObject Write(ModelConfig config)
    {
        var e = config.EligibleTouchpoints;
        var w = config.Windows;
        return new JsonObject
        {
            ["eligible_touchpoints"] = new JsonObject
            {
                ["include_channels"] = Strings(e.IncludeChannels), ["exclude_channels"] = Strings(e.ExcludeChannels),
                ["include_event_types"] = Strings(e.IncludeEventTypes), ["exclude_event_types"] = Strings(e.ExcludeEventTypes),
                ["include_campaigns"] = Strings(e.IncludeCampaigns), ["exclude_campaigns"] = Strings(e.ExcludeCampaigns),
            },
            ["windows"] = new JsonObject
            {
                ["click_lookback_days"] = Days(w.ClickLookbackDays), ["impression_lookback_days"] = Days(w.ImpressionLookbackDays),
                ["session_timeout_minutes"] = w.SessionTimeoutMinutes, ["conversion_latency_days"] = Days(w.ConversionLatencyDays),
            },
            ["conversions"] = new JsonObject
            {
                ["primary_conversion_key"] = config.Conversions.PrimaryConversionKey,
                ["conversion_definitions"] = new JsonArray([.. config.Conversions.ConversionDefinitions.Select(d => (JsonNode)new JsonObject
                {
                    ["key"] = d.Key, ["event_name"] = d.EventName,
                    ["filters"] = new JsonArray([.. d.Filters.Select(f => (JsonNode)new JsonObject { ["field"] = f.Field, ["op"] = f.Op, ["value"] = Strings(f.Value) })]),
                    ["value_field"] = d.ValueField, ["dedup_mode"] = d.DedupMode,
                })]),
            },
        };
    }

    public static ModelConfig Read(JsonNode document)
    {
        var e = document["eligible_touchpoints"];
        var w = document["windows"]!;
        var c = document["conversions"]!;
        return new ModelConfig(
            new EligibleTouchpoints(List(e?["include_channels"]), List(e?["exclude_channels"]), List(e?["include_event_types"]),
                List(e?["exclude_event_types"]), List(e?["include_campaigns"]), List(e?["exclude_campaigns"])),
            new AttributionWindows(Number(w["click_lookback_days"]), Number(w["impression_lookback_days"]),
                Number(w["conversion_latency_days"]), (int)Number(w["session_timeout_minutes"])),
            new ConversionSettings((string)c["primary_conversion_key"]!,
                [.. c["conversion_definitions"]!.AsArray().Select(d => new ConversionDefinition((string)d!["key"]!, (string)d["event_name"]!,
                    [.. (d["filters"]?.AsArray() ?? []).Select(f => new ConversionFilter((string)f!["field"]!, (string)f["op"]!, List(f["value"])))],
                    (string?)d["value_field"], (string)d["dedup_mode"]!))]));
    }

    /// <summary>The schema's whole days stay integers in the document (30, not 30.0).</summary>
    private static JsonValue Days(double days) => days == Math.Floor(days) && Math.Abs(days) < int.MaxValue ? JsonValue.Create((int)days) : JsonValue.Create(days);

    /// <summary>A JSON number whatever CLR type the node holds (parsed text, or an int or double written by <see cref="Write"/>).</summary>
    private static double Number(JsonNode? node) => double.Parse(node!.ToJsonString(), CultureInfo.InvariantCulture);

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static List<string> List(JsonNode? node) => node is JsonArray a ? [.. a.Select(v => (string)v!)] : [];
}
