using Json.Schema;

namespace MeiroMmm.Infrastructure.Configs;

/// <summary>
/// The JSON schema (draft 2020-12) every model config must satisfy, evaluated with JsonSchema.Net. Unknown properties
/// are refused so that a typo ("click_lookback_day") is an error, not a silently ignored setting. Served at
/// <c>GET /api/model-configs/schema</c> so integrators can validate before they post.
/// </summary>
public static class ModelConfigSchema
{
    public const string Text = """
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://meiro.io/schemas/model-config.json",
      "title": "Model config",
      "type": "object",
      "additionalProperties": false,
      "required": ["eligible_touchpoints", "windows", "conversions"],
      "properties": {
        "eligible_touchpoints": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "include_channels": { "$ref": "#/$defs/keys" },
            "exclude_channels": { "$ref": "#/$defs/keys" },
            "include_event_types": { "$ref": "#/$defs/values" },
            "exclude_event_types": { "$ref": "#/$defs/values" },
            "include_campaigns": { "$ref": "#/$defs/values" },
            "exclude_campaigns": { "$ref": "#/$defs/values" }
          }
        },
        "windows": {
          "type": "object",
          "additionalProperties": false,
          "required": ["click_lookback_days", "impression_lookback_days", "session_timeout_minutes", "conversion_latency_days"],
          "properties": {
            "click_lookback_days": { "type": "integer", "minimum": 1, "maximum": 365 },
            "impression_lookback_days": { "type": "integer", "minimum": 0, "maximum": 365 },
            "session_timeout_minutes": { "type": "integer", "minimum": 1, "maximum": 1440 },
            "conversion_latency_days": { "type": "integer", "minimum": 0, "maximum": 90 }
          }
        },
        "conversions": {
          "type": "object",
          "additionalProperties": false,
          "required": ["primary_conversion_key", "conversion_definitions"],
          "properties": {
            "primary_conversion_key": { "$ref": "#/$defs/key" },
            "conversion_definitions": {
              "type": "array",
              "minItems": 1,
              "maxItems": 50,
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["key", "event_name", "dedup_mode"],
                "properties": {
                  "key": { "$ref": "#/$defs/key" },
                  "event_name": { "type": "string", "minLength": 1, "maxLength": 200 },
                  "filters": {
                    "type": "array",
                    "maxItems": 50,
                    "items": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": ["field", "op"],
                      "properties": {
                        "field": { "type": "string", "minLength": 1, "maxLength": 200 },
                        "op": { "enum": ["eq", "neq", "in", "not_in", "exists", "gt", "gte", "lt", "lte"] },
                        "value": { "type": "array", "maxItems": 500, "items": { "type": "string", "maxLength": 500 } }
                      }
                    }
                  },
                  "value_field": { "type": ["string", "null"], "minLength": 1, "maxLength": 200 },
                  "dedup_mode": { "enum": ["none", "conversion_id", "profile_day", "profile_once"] }
                }
              }
            }
          }
        }
      },
      "$defs": {
        "key": { "type": "string", "pattern": "^[a-z][a-z0-9_]{0,99}$" },
        "keys": { "type": "array", "maxItems": 500, "uniqueItems": true, "items": { "$ref": "#/$defs/key" } },
        "values": { "type": "array", "maxItems": 500, "uniqueItems": true, "items": { "type": "string", "minLength": 1, "maxLength": 200 } }
      }
    }
    """;

    public static JsonSchema Schema { get; } = JsonSchema.FromText(Text);
}
