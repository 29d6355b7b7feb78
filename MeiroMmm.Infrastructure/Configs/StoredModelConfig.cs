using MeiroMmm.Domain.Configs;

namespace MeiroMmm.Infrastructure.Configs;

/// <summary>
/// One model config version as stored. <see cref="ConfigJson"/> is the validated config (snake_case);
/// <see cref="ActiveConversionKey"/> equals <see cref="ConversionKey"/> while the config is active and is null
/// otherwise: its unique index is what makes "one active config per conversion key" hold even under concurrent writes,
/// on every provider (NULLs do not collide).
/// </summary>
public sealed class StoredModelConfig
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public required string ConversionKey { get; set; }
    public ModelConfigStatus Status { get; set; }
    public string? ActiveConversionKey { get; set; }
    public required string ConfigJson { get; set; }
    /// <summary>The config this one was cloned from.</summary>
    public int? ParentId { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ActivatedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
}
