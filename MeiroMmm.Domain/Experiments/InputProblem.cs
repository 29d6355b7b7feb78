namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// A problem with one input, named as the API and CLI name it (snake_case, e.g. <c>baseline_rate</c>), so a caller can
/// show it next to that field or option. Domain code returns these instead of throwing for bad user input.
/// </summary>
public sealed record InputProblem(string Field, string Message);
