using System.Text.Json.Nodes;
using MeiroMmm.Domain.Configs;

namespace MeiroMmm.Infrastructure.Configs;

/// <summary>One model config version as the API and the page show it; <see cref="Config"/> is the validated document.</summary>
public sealed record ModelConfigDetails(
    int Id, string Name, string? Description, string ConversionKey, ModelConfigStatus Status, JsonNode Config, int? ParentId,
    string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ActivatedAt, DateTimeOffset? ArchivedAt);
