namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>
/// The outcome of a person's action on an alert: the updated alert, or why not — it does not exist
/// (<see cref="NotFound"/>), the action does not fit its status (<see cref="Conflict"/>), or bad input (<see cref="Errors"/>).
/// </summary>
public sealed record AlertChange(AlertEvent? Alert, bool NotFound = false, string? Conflict = null, IReadOnlyList<Persistence.FieldError>? Errors = null);
