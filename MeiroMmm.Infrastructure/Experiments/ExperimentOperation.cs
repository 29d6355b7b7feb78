using MeiroMmm.Infrastructure.Persistence;

namespace MeiroMmm.Infrastructure.Experiments;

public enum ExperimentOperationStatus { Done, Invalid, Conflict, NotFound }

/// <summary>
/// What an experiment command did: a value, field errors (400), a conflict with the experiment's state and its reason
/// (409), or a missing experiment (404). The API maps each to its status code; a page shows the message in place.
/// </summary>
public sealed record ExperimentOperation<T>(ExperimentOperationStatus Status, T? Value, IReadOnlyList<FieldError> Errors, string? Reason)
{
    public static ExperimentOperation<T> Done(T value) => new(ExperimentOperationStatus.Done, value, [], null);

    public static ExperimentOperation<T> Invalid(IReadOnlyList<FieldError> errors) => new(ExperimentOperationStatus.Invalid, default, errors, null);

    public static ExperimentOperation<T> Conflict(string reason) => new(ExperimentOperationStatus.Conflict, default, [], reason);

    public static ExperimentOperation<T> NotFound(int id) => new(ExperimentOperationStatus.NotFound, default, [], $"Experiment {id} does not exist.");
}
