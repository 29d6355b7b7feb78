namespace MeiroMmm.Domain.Mmm.Quality;

/// <summary>
/// One rule a run failed: the rule's name (stable, for the API), the grade it caps the run at, and a plain sentence with
/// the measured value and the threshold.
/// </summary>
public sealed record QualityReason(string Rule, RunGrade Caps, string Message);
