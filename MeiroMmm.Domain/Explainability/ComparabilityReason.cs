namespace MeiroMmm.Domain.Explainability;

/// <summary>
/// Why two periods are less comparable: a stable <see cref="Code"/> (empty_period, config_changed, taxonomy_changed,
/// volume_shift, dq_dropped), the level it caps comparability at (medium or low; info leaves it), a sentence with the
/// figures, and details (e.g. the config diff lines).
/// </summary>
public sealed record ComparabilityReason(string Code, string Severity, string Message, IReadOnlyList<string> Details);
