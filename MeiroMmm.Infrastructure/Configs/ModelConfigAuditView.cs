using MeiroMmm.Domain.Configs;

namespace MeiroMmm.Infrastructure.Configs;

/// <summary>One audit entry with its diff parsed: who did what to config <see cref="ConfigId"/>, and when.</summary>
public sealed record ModelConfigAuditView(long Id, int ConfigId, string Actor, DateTimeOffset At, string Action, string? Note, IReadOnlyList<JsonChange> Changes);
