namespace MeiroMmm.Domain.Mmm.Quality;

/// <summary>A run's grade, every reason that lowered it, and each media parameter's prior-to-posterior shift.</summary>
public sealed record RunQuality(RunGrade Grade, IReadOnlyList<QualityReason> Reasons, IReadOnlyList<PriorPosteriorShift> PriorShifts);
