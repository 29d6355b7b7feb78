using System.Text.Json.Nodes;

namespace MeiroMmm.Web.Configs;

/// <summary>Body of POST /api/model-configs: a name, an optional description and the config document.</summary>
public sealed record ModelConfigInput(string? Name, string? Description, JsonNode? Config);
