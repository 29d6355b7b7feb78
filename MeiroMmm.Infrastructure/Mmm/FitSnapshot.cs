using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>
/// The live state of a run the runner holds: its status, what it is doing now ("waiting for another fit", "finding the
/// posterior mode", "sampling", "summarizing"), the latest progress of each chain (null until it reports), and elapsed time.
/// </summary>
public sealed record FitSnapshot(Guid RunId, ModelRunStatus Status, string Stage, IReadOnlyList<FitProgress?> Chains, int TotalIterationsPerChain, TimeSpan Elapsed)
{
    public int Divergences => Chains.Sum(c => c?.Divergences ?? 0);

    /// <summary>Share of all iterations (warm-up and draws, every chain) done, in [0, 1].</summary>
    public double Fraction => TotalIterationsPerChain == 0 || Chains.Count == 0 ? 0
        : Chains.Sum(c => c?.Iteration ?? 0) / (double)(TotalIterationsPerChain * Chains.Count);
}
