namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>NUTS settings; the defaults are Stan's and the reference fits' (4 × 1000 warm-up + 1000 draws, δ = 0.9).</summary>
public sealed record SamplerSettings
{
    public int Chains { get; init; } = 4;
    public int Warmup { get; init; } = 1000;
    public int Draws { get; init; } = 1000;
    public double TargetAcceptance { get; init; } = 0.9;
    public int MaxTreeDepth { get; init; } = 10;
    public ulong Seed { get; init; } = 1;
    /// <summary>Initial values are uniform in (−InitRadius, InitRadius) on the unconstrained scale (Stan: 2).</summary>
    public double InitRadius { get; init; } = 2;
    /// <summary>How chains start: Stan's uniform(−2, 2), or around the posterior mode (see MmmFitter).</summary>
    public InitStrategy Init { get; init; } = InitStrategy.Random;
    /// <summary>
    /// Pool the chains' warm-up covariance estimates at each metric update, and share one sampling step size (see
    /// CrossChainMetricPool), instead of each chain adapting alone as Stan does.
    /// </summary>
    public bool PoolMetricAcrossChains { get; init; }
    /// <summary>
    /// Diagonal (Stan's default, ours too) or dense inverse metric, estimated in the slow warm-up windows. The dense
    /// metric pooled across chains about doubles ESS per gradient on most seeds of the reference data, but a chain can
    /// get stuck in the curved tails of weak channels (one standard-dataset seed of five still did, R-hat 1.55), so it
    /// is opt-in (docs/BENCHMARKS.md).
    /// </summary>
    public MetricKind Metric { get; init; } = MetricKind.Diagonal;
    /// <summary>
    /// A dense metric is estimated diagonal in this many first slow windows (25 and 50 iterations with the default
    /// schedule): too few draws, taken while the chains still settle, for the d² covariances.
    /// </summary>
    public int DiagonalWindows { get; init; } = 2;
    /// <summary>
    /// With pooled adaptation, the chains sample with the geometric mean of their adapted step sizes times this: the
    /// step size adapted in the bulk is too large for the posterior's curved tails under a dense metric (see
    /// CrossChainMetricPool). 0.6: the largest tried that kept every chain moving on large-dataset seed 3.
    /// </summary>
    public double PooledStepSizeScale { get; init; } = 0.6;
    /// <summary>
    /// With pooled adaptation: whether the chains also share one sampling step size (the dense preset does), or each
    /// keeps its own dual-averaged one as in Stan.
    /// </summary>
    public bool ShareStepSize { get; init; } = true;
    /// <summary>
    /// With a mode start (the product's default): the chains' first inverse metric is the Laplace approximation's
    /// variances on the unconstrained scale instead of Stan's identity; Stan's windows, Welford updates and per-chain
    /// step sizes then take over unchanged. On the standard dataset's seeds 1–5 ESS per gradient rose from 69% to
    /// 108% of Stan's, but over seeds 1–15 both starts give 98%; large seeds 1–5: 114% → 124% (docs/BENCHMARKS.md).
    /// Ignored for Stan's random start, which stays exactly Stan's.
    /// </summary>
    public bool LaplaceInitialMetric { get; init; } = true;
    /// <summary>With a mode start, each chain starts at mode + ModeStartSpread · N(0, Σ) of the Laplace approximation.</summary>
    public double ModeStartSpread { get; init; } = 2;

    /// <summary>Experimental adaptation: dense metric and one step size, estimated from all chains' warm-up together.</summary>
    public static SamplerSettings PooledDenseAdaptation(SamplerSettings settings) =>
        settings with { Metric = MetricKind.Dense, PoolMetricAcrossChains = true, ShareStepSize = true, LaplaceInitialMetric = false };
    /// <summary>Chains run at once; results do not depend on it. Null: all cores.</summary>
    public int? MaxParallelism { get; init; }
}

public enum MetricKind { Diagonal, Dense }

public enum SamplingPhase { Warmup, Sampling }

/// <summary>
/// Random: uniform(−InitRadius, InitRadius) on the unconstrained scale, as Stan does. Mode: each chain starts at a draw
/// from N(mode, 4Σ) of the Laplace approximation, so no chain begins in a region of the prior the data rule out.
/// </summary>
public enum InitStrategy { Random, Mode }

/// <summary>Progress of one chain, reported a few times a second.</summary>
public sealed record FitProgress(int Chain, int Iteration, int TotalIterations, SamplingPhase Phase, int Divergences, double StepSize, TimeSpan Elapsed);
