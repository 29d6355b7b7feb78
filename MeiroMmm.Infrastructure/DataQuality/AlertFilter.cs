using MeiroMmm.Domain.DataQuality;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>
/// Which alerts to list. <see cref="OpenOnly"/> means not resolved; <see cref="Snoozed"/> true lists only alerts snoozed
/// now, false only those not snoozed.
/// </summary>
public sealed record AlertFilter(AlertStatus? Status = null, AlertSeverity? Severity = null, bool OpenOnly = false, bool? Snoozed = null, long? RuleId = null, int Limit = 500);
