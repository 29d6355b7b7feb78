namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>Runs the chains in parallel. Each chain's randomness depends only on (seed, chain), so results are identical for any thread count.</summary>
public static class NutsSampler
{
    /// <param name="initialPoints">Where each chain starts (by chain index); null for Stan's random initialization.</param>
    public static IReadOnlyList<ChainDraws> Sample(IDensityModel model, SamplerSettings settings, IProgress<FitProgress>? progress, CancellationToken ct,
        Func<int, double[]>? initialPoints = null)
    {
        var chains = new ChainDraws[settings.Chains];
        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.MaxParallelism ?? Environment.ProcessorCount, CancellationToken = ct };
        try
        {
            Parallel.For(0, settings.Chains, options, chain =>
                chains[chain] = new NutsChainRunner(model, settings, chain).Run(progress, ct, initialPoints?.Invoke(chain)));
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
            throw new OperationCanceledException("Sampling was cancelled.", e, ct);
        }
        return chains;
    }
}
