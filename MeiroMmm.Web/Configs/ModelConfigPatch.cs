using System.Text.Json.Nodes;

namespace MeiroMmm.Web.Configs;

/// <summary>Body of PATCH /api/model-configs/{id}: the parts to change (absent parts stay) and a note for the audit trail.</summary>
public sealed record ModelConfigPatch(string? Name, string? Description, JsonNode? Config, string? Note);
