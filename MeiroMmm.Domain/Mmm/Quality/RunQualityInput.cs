using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Domain.Mmm.Quality;

/// <summary>
/// What the rules read from one completed run.
/// </summary>
/// <param name="Sampled">True for a NUTS fit (R-hat, ESS and divergences apply); false for a Laplace preview.</param>
/// <param name="Chains">Chains sampled (R-hat needs two).</param>
/// <param name="TotalDraws">Post-warm-up draws over all chains (the denominator of the divergent share).</param>
/// <param name="Priors">The prior each parameter was fitted with, by parameter name (as the run's layout names them).</param>
/// <param name="UnmappedSpendShare">Share of the dataset's total spend in spend columns the run did not model (0–1).</param>
public sealed record RunQualityInput(
    bool Sampled, int Chains, int TotalDraws, FitDiagnostics Diagnostics, FitQuality Fit, IReadOnlyList<ChannelSummary> Channels,
    IReadOnlyList<ParameterSummary> Parameters, IReadOnlyDictionary<string, Prior> Priors, double UnmappedSpendShare);
