using System.Text.Json.Nodes;
using MeiroMmm.Domain.Attribution;
using MeiroMmm.Domain.Configs;
using MeiroMmm.Infrastructure.Configs;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>The model-config JSON schema (through JsonSchema.Net) and the rules after it: every error names its field path.</summary>
public sealed class ModelConfigValidatorTests
{
    private static JsonObject Default() => ModelConfigJson.Write(DefaultModelConfig.Config);

    private static Dictionary<string, string> ErrorsOf(JsonNode document)
    {
        var (config, errors) = ModelConfigValidator.Validate(document);
        Assert.Null(config);
        Assert.NotEmpty(errors);
        return errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" | ", g.Select(e => e.Message)));
    }

    [Fact]
    public void DefaultConfig_IsValid_AndReadsBackToTheSameRecord()
    {
        var (config, errors) = ModelConfigValidator.Validate(Default());
        Assert.Empty(errors);
        Assert.Equal(30, config!.Windows.ClickLookbackDays);
        Assert.Equal((7, 30, 7), (config.Windows.ImpressionLookbackDays, config.Windows.SessionTimeoutMinutes, config.Windows.ConversionLatencyDays));
        Assert.Equal("purchase", config.ConversionKey);
        Assert.Equal("revenue", config.PrimaryConversion!.ValueField);
        Assert.True(JsonNode.DeepEquals(Default(), ModelConfigJson.Write(config)));
    }

    [Fact]
    public void OutOfRangeWrongTypeAndBadEnum_AreReportedAtTheirPaths()
    {
        var doc = Default();
        doc["windows"]!["click_lookback_days"] = 0;
        doc["windows"]!["session_timeout_minutes"] = "thirty";
        doc["conversions"]!["conversion_definitions"]![0]!["dedup_mode"] = "daily";
        doc["eligible_touchpoints"]!["exclude_channels"] = new JsonArray("Paid Search");
        var errors = ErrorsOf(doc);
        Assert.Contains("1", errors["windows.click_lookback_days"]);
        Assert.True(errors.ContainsKey("windows.session_timeout_minutes"));
        Assert.True(errors.ContainsKey("conversions.conversion_definitions[0].dedup_mode"));
        Assert.True(errors.ContainsKey("eligible_touchpoints.exclude_channels[0]"));
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void MissingAndUnknownProperties_NameTheFieldItself()
    {
        var doc = Default();
        doc["windows"]!.AsObject().Remove("conversion_latency_days");
        doc["windows"]!["click_lookback_day"] = 30;   // a typo is an error, not an ignored setting
        doc.Remove("conversions");
        var errors = ErrorsOf(doc);
        Assert.Equal("conversion_latency_days is required.", errors["windows.conversion_latency_days"]);
        Assert.Equal("conversions is required.", errors["conversions"]);
        Assert.Contains("not a setting", errors["windows.click_lookback_day"]);
    }

    [Fact]
    public void RulesBeyondTheSchema_PrimaryKeyFiltersAndOverlaps()
    {
        var doc = Default();
        doc["conversions"]!["primary_conversion_key"] = "signup";
        doc["conversions"]!["conversion_definitions"]!.AsArray().Add(new JsonObject
        {
            ["key"] = "purchase", ["event_name"] = "order_paid", ["dedup_mode"] = "none",
            ["filters"] = new JsonArray(new JsonObject { ["field"] = "currency", ["op"] = "eq", ["value"] = new JsonArray("EUR", "USD") },
                new JsonObject { ["field"] = "test", ["op"] = "exists" }),
        });
        doc["eligible_touchpoints"]!["include_channels"] = new JsonArray("email", "direct");
        doc["eligible_touchpoints"]!["exclude_channels"] = new JsonArray("direct");
        var errors = ErrorsOf(doc);
        Assert.Contains("'signup' is not the key of any conversion definition", errors["conversions.primary_conversion_key"]);
        Assert.Contains("used by an earlier definition", errors["conversions.conversion_definitions[1].key"]);
        Assert.Equal("eq needs exactly one value.", errors["conversions.conversion_definitions[1].filters[0].value"]);
        Assert.Contains("direct is both included and excluded", errors["eligible_touchpoints.exclude_channels"]);
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void NullOrNonObject_IsOneErrorOnConfig()
    {
        Assert.Equal("config", Assert.Single(ModelConfigValidator.Validate(null).Errors).Field);
        Assert.Equal("config", Assert.Single(ModelConfigValidator.Validate(JsonValue.Create(3)).Errors).Field);
    }

    [Fact]
    public void EligibleTouchpoints_ExcludeWinsAndEmptyIncludeAdmitsAll()
    {
        var e = new EligibleTouchpoints(["email", "paid_search"], ["paid_search"], [], ["impression"], [], []);
        Assert.True(e.Admits("email", "click", null));
        Assert.False(e.Admits("paid_search", "click", null));   // excluded beats included
        Assert.False(e.Admits("display", "click", null));       // not in a non-empty include list
        Assert.False(e.Admits("EMAIL", "Impression", null));
        Assert.True(EligibleTouchpoints.All.Admits(null, null, null));
        Assert.Equal(TimeSpan.FromDays(7), AttributionWindows.Default.LookbackFor("impression"));
        Assert.Equal(TimeSpan.FromDays(30), AttributionWindows.Default.LookbackFor("click"));
    }

    [Fact]
    public void OneWindowsType_RoundTripsThroughTheConfigJson_AndReadsRunSettingsStoredBeforeTheSessionTimeout()
    {
        var config = DefaultModelConfig.Config with { Windows = new AttributionWindows(14, 3, 2, 45) };
        var json = ModelConfigJson.Write(config);
        Assert.Equal("""{"click_lookback_days":14,"impression_lookback_days":3,"session_timeout_minutes":45,"conversion_latency_days":2}""",
            json["windows"]!.ToJsonString());
        Assert.Equal(config.Windows, ModelConfigJson.Read(JsonNode.Parse(json.ToJsonString())!).Windows);
        // A run stored before the two window types were one: no session timeout, fractional days allowed.
        var old = System.Text.Json.JsonSerializer.Deserialize<AttributionWindows>(
            """{"click_lookback_days":10.5,"impression_lookback_days":7,"conversion_latency_days":0}""", MeiroMmm.Infrastructure.Persistence.StoredJson.Options);
        Assert.Equal(new AttributionWindows(10.5, 7, 0, 30), old);
    }
}
