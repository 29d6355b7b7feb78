namespace MeiroMmm.Domain.Mmm.Quality;

/// <summary>
/// How far the data moved one parameter from its prior (Betancourt 2018, "Calibrating model-based inferences"):
/// contraction = 1 − posterior variance / prior variance (0: the data taught nothing, 1: the data pinned it down) and
/// shift = |posterior mean − prior mean| / prior sd (in prior standard deviations).
/// </summary>
public sealed record PriorPosteriorShift(string Parameter, double PriorMean, double PriorSd, double PosteriorMean, double PosteriorSd,
    double Contraction, double Shift, bool PriorDominates);
