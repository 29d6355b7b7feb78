namespace MeiroMmm.Infrastructure.Persistence;

public enum StoreOutcomeStatus { Done, Invalid, Conflict, NotFound }

/// <summary>
/// What a store command did: a value, field errors (400), a conflict with the stored state and its reason (409), or a
/// missing resource (404). The API maps each to its status code; a page shows the message in place.
/// </summary>
public sealed record StoreOutcome<T>(StoreOutcomeStatus Status, T? Value, IReadOnlyList<FieldError> Errors, string? Reason)
{
    public static StoreOutcome<T> Done(T value) => new(StoreOutcomeStatus.Done, value, [], null);

    public static StoreOutcome<T> Invalid(IReadOnlyList<FieldError> errors) => new(StoreOutcomeStatus.Invalid, default, errors, null);

    public static StoreOutcome<T> Conflict(string reason) => new(StoreOutcomeStatus.Conflict, default, [], reason);

    public static StoreOutcome<T> NotFound(string reason) => new(StoreOutcomeStatus.NotFound, default, [], reason);

    /// <summary>Every problem in one sentence list, for a page's alert.</summary>
    public string Message => Reason ?? string.Join(" ", Errors.Select(e => $"{e.Field}: {e.Message}"));
}
