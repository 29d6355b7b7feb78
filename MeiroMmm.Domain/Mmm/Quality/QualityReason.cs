namespace MeiroMmm.Domain.Mmm.Quality;

/// <summary>
/// One finding that lowered a run's grade: the rule's name (the finding's code, stable for the API), the grade it caps
/// the run at, a plain sentence with the measured value, and what it means and what to do.
/// </summary>
public sealed record QualityReason(string Rule, RunGrade Caps, string Message, string? Subject = null, string? Meaning = null, string? Action = null);
