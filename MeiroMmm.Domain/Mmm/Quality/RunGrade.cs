namespace MeiroMmm.Domain.Mmm.Quality;

/// <summary>
/// Whether a model run's numbers may drive a budget. Ordered from worst to best, so the grade of a run is the lowest
/// grade any of its reasons allows.
/// </summary>
public enum RunGrade { NotUsable, Directional, Usable }
