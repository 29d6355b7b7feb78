using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>
/// The live state of a run the runner holds: its status, what it is doing now ("waiting for another fit", "finding the
/// posterior mode", "sampling", "summarizing"), the latest progress of each chain (null until it reports), elapsed time,
/// and the Laplace preview at the mode once it is known (NUTS runs).
/// </summary>
public sealed record FitSnapshot(Guid RunId, ModelRunStatus Status, string Stage, IReadOnlyList<FitProgress?> Chains, int TotalIterationsPerChain, TimeSpan Elapsed)
{
    /// <summary>The preliminary figures at the posterior mode; null until found, and for a Laplace run (whose result is that).</summary>
    public FitPreview? Preview { get; init; }

    public int Divergences => Chains.Sum(c => c?.Divergences ?? 0);

    /// <summary>Share of all iterations (warm-up and draws, every chain) done, in [0, 1].</summary>
    public double Fraction => TotalIterationsPerChain == 0 || Chains.Count == 0 ? 0
        : Chains.Sum(c => c?.Iteration ?? 0) / (double)(TotalIterationsPerChain * Chains.Count);

    /// <summary>Iterations per second of one chain so far (warm-up iterations are slower at first: trees are longer).</summary>
    public static double? IterationsPerSecond(FitProgress? chain) =>
        chain is { Iteration: > 0 } c && c.Elapsed.TotalSeconds > 0.05 ? c.Iteration / c.Elapsed.TotalSeconds : null;

    /// <summary>
    /// Time left at each chain's own pace so far: the slowest running chain, plus a full chain more when some have not
    /// started (more chains than cores). Null until every running chain has a pace.
    /// </summary>
    public TimeSpan? Remaining
    {
        get
        {
            var running = Chains.Where(c => c is not null).Select(c => c!).ToList();
            if (running.Count == 0 || running.Any(c => IterationsPerSecond(c) is null)) return null;
            double seconds = running.Max(c => (TotalIterationsPerChain - c.Iteration) / IterationsPerSecond(c)!.Value);
            if (running.Count < Chains.Count) seconds += TotalIterationsPerChain / running.Average(c => IterationsPerSecond(c)!.Value);
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        }
    }
}
