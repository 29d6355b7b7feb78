using System.Text.Json.Nodes;
using MeiroMmm.Domain.Configs;
using MeiroMmm.Infrastructure.Configs;

namespace MeiroMmm.Web.Configs;

/// <summary>
/// The editable form of a model config. Lists are typed comma-separated; <see cref="ToJson"/> builds the document the
/// schema validates, without judging it, so every mistake comes back from the validator under its own field path.
/// </summary>
public sealed class ModelConfigForm
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string IncludeChannels { get; set; } = "";
    public string ExcludeChannels { get; set; } = "";
    public string IncludeEventTypes { get; set; } = "";
    public string ExcludeEventTypes { get; set; } = "";
    public string IncludeCampaigns { get; set; } = "";
    public string ExcludeCampaigns { get; set; } = "";
    public int ClickLookbackDays { get; set; }
    public int ImpressionLookbackDays { get; set; }
    public int SessionTimeoutMinutes { get; set; }
    public int ConversionLatencyDays { get; set; }
    public string PrimaryConversionKey { get; set; } = "";
    public List<ConversionDefinitionForm> Definitions { get; set; } = [];

    public static ModelConfigForm From(ModelConfigDetails details) => From(details.Name, details.Description, ModelConfigJson.Read(details.Config));

    public static ModelConfigForm From(string name, string? description, ModelConfig c) => new()
    {
        Name = name, Description = description ?? "",
        IncludeChannels = Join(c.EligibleTouchpoints.IncludeChannels), ExcludeChannels = Join(c.EligibleTouchpoints.ExcludeChannels),
        IncludeEventTypes = Join(c.EligibleTouchpoints.IncludeEventTypes), ExcludeEventTypes = Join(c.EligibleTouchpoints.ExcludeEventTypes),
        IncludeCampaigns = Join(c.EligibleTouchpoints.IncludeCampaigns), ExcludeCampaigns = Join(c.EligibleTouchpoints.ExcludeCampaigns),
        // The config schema keeps whole days, so the shared windows' doubles are integers here.
        ClickLookbackDays = (int)c.Windows.ClickLookbackDays, ImpressionLookbackDays = (int)c.Windows.ImpressionLookbackDays,
        SessionTimeoutMinutes = c.Windows.SessionTimeoutMinutes, ConversionLatencyDays = (int)c.Windows.ConversionLatencyDays,
        PrimaryConversionKey = c.Conversions.PrimaryConversionKey,
        Definitions = [.. c.Conversions.ConversionDefinitions.Select(d => new ConversionDefinitionForm
        {
            Key = d.Key, EventName = d.EventName, ValueField = d.ValueField ?? "", DedupMode = d.DedupMode,
            Filters = [.. d.Filters.Select(f => new ConversionFilterForm { Field = f.Field, Op = f.Op, Values = Join(f.Value) })],
        })],
    };

    public JsonObject ToJson() => new()
    {
        ["eligible_touchpoints"] = new JsonObject
        {
            ["include_channels"] = List(IncludeChannels), ["exclude_channels"] = List(ExcludeChannels),
            ["include_event_types"] = List(IncludeEventTypes), ["exclude_event_types"] = List(ExcludeEventTypes),
            ["include_campaigns"] = List(IncludeCampaigns), ["exclude_campaigns"] = List(ExcludeCampaigns),
        },
        ["windows"] = new JsonObject
        {
            ["click_lookback_days"] = ClickLookbackDays, ["impression_lookback_days"] = ImpressionLookbackDays,
            ["session_timeout_minutes"] = SessionTimeoutMinutes, ["conversion_latency_days"] = ConversionLatencyDays,
        },
        ["conversions"] = new JsonObject
        {
            ["primary_conversion_key"] = PrimaryConversionKey.Trim(),
            ["conversion_definitions"] = new JsonArray([.. Definitions.Select(d => (JsonNode)new JsonObject
            {
                ["key"] = d.Key.Trim(), ["event_name"] = d.EventName.Trim(),
                ["filters"] = new JsonArray([.. d.Filters.Select(f => (JsonNode)new JsonObject
                    { ["field"] = f.Field.Trim(), ["op"] = f.Op, ["value"] = List(f.Values) })]),
                ["value_field"] = string.IsNullOrWhiteSpace(d.ValueField) ? null : d.ValueField.Trim(), ["dedup_mode"] = d.DedupMode,
            })]),
        },
    };

    private static string Join(IEnumerable<string> values) => string.Join(", ", values);

    private static JsonArray List(string text) =>
        new([.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => (JsonNode)JsonValue.Create(v))]);
}
