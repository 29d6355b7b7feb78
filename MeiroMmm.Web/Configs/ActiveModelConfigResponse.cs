using System.Text.Json.Nodes;

namespace MeiroMmm.Web.Configs;

/// <summary>The active config of a conversion key: its id (the version a result records), name and document.</summary>
public sealed record ActiveModelConfigResponse(int Id, string Name, string ConversionKey, JsonObject Config);
