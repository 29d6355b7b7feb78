namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>Runs the chains in parallel. Each chain's randomness depends only on (seed, chain), so results are identical for any thread count.</summary>
public static class NutsSampler
{
    /// <param name="initialPoints">Where each chain starts (by chain index); null for Stan's random initialization.</param>
    /// <param name="initialInverseMetric">The diagonal inverse metric every chain starts warm-up with; null for Stan's identity.</param>
    public static IReadOnlyList<ChainDraws> Sample(IDensityModel model, SamplerSettings settings, IProgress<FitProgress>? progress, CancellationToken ct,
        Func<int, double[]>? initialPoints = null, double[]? initialInverseMetric = null)
    {
        var chains = new ChainDraws[settings.Chains];
        try
        {
            if (settings.PoolMetricAcrossChains && settings.Chains > 1) RunTogether(model, settings, progress, initialPoints, initialInverseMetric, chains, ct);
            else
            {
                var options = new ParallelOptions { MaxDegreeOfParallelism = settings.MaxParallelism ?? Environment.ProcessorCount, CancellationToken = ct };
                Parallel.For(0, settings.Chains, options, chain =>
                    chains[chain] = new NutsChainRunner(model, settings, chain).Run(progress, ct, initialPoints?.Invoke(chain), initialInverseMetric));
            }
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
            throw new OperationCanceledException("Sampling was cancelled.", e, ct);
        }
        return chains;
    }

    /// <summary>
    /// Pooled adaptation needs every chain running at once (they meet at each metric update), so each chain gets its
    /// own thread whatever MaxParallelism says; the cores are then shared by the operating system.
    /// </summary>
    private static void RunTogether(IDensityModel model, SamplerSettings settings, IProgress<FitProgress>? progress,
        Func<int, double[]>? initialPoints, double[]? initialInverseMetric, ChainDraws[] chains, CancellationToken ct)
    {
        using var pool = new CrossChainMetricPool(settings.Chains, settings.PooledStepSizeScale);
        var tasks = Enumerable.Range(0, settings.Chains).Select(chain => Task.Factory.StartNew(
            () => chains[chain] = new NutsChainRunner(model, settings, chain, pool).Run(progress, ct, initialPoints?.Invoke(chain), initialInverseMetric),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Task.WaitAll(tasks);
    }
}
