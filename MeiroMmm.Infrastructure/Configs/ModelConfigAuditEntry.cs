namespace MeiroMmm.Infrastructure.Configs;

/// <summary>
/// One change to a model config: who, when, what (<see cref="Action"/>: created, updated, activated, archived, cloned)
/// and the structural JSON diff of the config document (an array of {path, kind, before, after}; empty when only the
/// status changed).
/// </summary>
public sealed class ModelConfigAuditEntry
{
    public long Id { get; set; }
    public int ConfigId { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Action { get; set; }
    public required string DiffJson { get; set; }
    public string? Note { get; set; }
}
