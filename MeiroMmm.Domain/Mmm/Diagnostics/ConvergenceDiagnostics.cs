namespace MeiroMmm.Domain.Mmm.Diagnostics;

/// <summary>
/// MCMC convergence diagnostics for one parameter, matching R's posterior 1.4.0 (Vehtari, Gelman, Simpson, Carpenter
/// &amp; Bürkner 2021, "Rank-normalization, folding, and localization"). Every method takes draws[chain][draw], all chains
/// the same length, and returns <see cref="double.NaN"/> where posterior returns NA: when the values a diagnostic works
/// on contain NaN or ±∞, or are all equal. One stuck chain among moving ones is not NA, and R-hat and bulk ESS work on
/// ranks, so a ±∞ draw leaves them finite, as in posterior. Reference values: MeiroMmm.Tests/Reference/diagnostics.
/// </summary>
public static class ConvergenceDiagnostics
{
    /// <summary>Probability mass of the interval in <see cref="Summarize"/>, ArviZ's default.</summary>
    public const double HdiProbability = 0.94;

    // posterior's mcse_quantile: Φ(−1) and Φ(1) written to 7 digits, so a ±1 sd interval of the Beta posterior of the
    // CDF at the quantile. Kept as posterior writes them, not as the exact Φ values.
    private const double LowerTail = 0.1586553;
    private const double UpperTail = 0.8413447;

    /// <summary>R-hat: max(<see cref="RhatBulk"/>, <see cref="RhatTail"/>), posterior's <c>rhat</c>.</summary>
    public static double Rhat(double[][] chains)
    {
        var draws = Draws(chains);
        return Math.Max(RhatBulk(draws), RhatTail(draws));
    }

    /// <summary>Rank-normalised split R-hat: split the chains, rank-normalise all split draws jointly, then R-hat.</summary>
    public static double RhatBulk(double[][] chains) => RhatBulk(Draws(chains));

    /// <summary>The same on the folded draws |x − median(x)|, median of all draws before the split.</summary>
    public static double RhatTail(double[][] chains) => RhatTail(Draws(chains));

    /// <summary>Split R-hat on the raw draws, posterior's <c>rhat_basic(x, split = TRUE)</c>.</summary>
    public static double RhatBasicSplit(double[][] chains) => PotentialScaleReduction.Compute(Draws(chains).Split());

    /// <summary>ESS of the rank-normalised split chains, posterior's <c>ess_bulk</c>.</summary>
    public static double EssBulk(double[][] chains) =>
        EffectiveSampleSize.Compute(RankNormalization.ZScale(Draws(chains).Split()));

    /// <summary>min(<see cref="EssQuantile"/> at 0.05 and 0.95), posterior's <c>ess_tail</c>.</summary>
    public static double EssTail(double[][] chains) => EssTail(Draws(chains));

    /// <summary>ESS of the raw split chains, posterior's <c>ess_mean</c> (= <c>ess_basic</c> with split).</summary>
    public static double EssMean(double[][] chains) => EffectiveSampleSize.Compute(Draws(chains).Split());

    /// <summary>ESS of the split chains of |x − mean(x)|, posterior 1.4.0's <c>ess_sd</c>.</summary>
    public static double EssSd(double[][] chains)
    {
        var draws = Draws(chains);
        double mean = SampleMoments.Mean(draws.All);
        return EffectiveSampleSize.Compute(draws.Map(v => Math.Abs(v - mean)).Split());
    }

    /// <summary>
    /// ESS of the split indicator chains I(x ≤ q), q the type-7 quantile of all draws (for odd lengths including the
    /// middle draw the split drops); prob = 1 becomes (S − 0.5)/S as in posterior.
    /// </summary>
    public static double EssQuantile(double[][] chains, double prob) => EssQuantile(Draws(chains), CheckProbability(prob));

    /// <summary>sd(all draws) / sqrt(<see cref="EssMean"/>).</summary>
    public static double McseMean(double[][] chains)
    {
        var draws = Draws(chains);
        return PooledSd(draws) / Math.Sqrt(EffectiveSampleSize.Compute(draws.Split()));
    }

    /// <summary>
    /// posterior 1.4.0's <c>mcse_sd</c> (Kenney &amp; Keeping 1951, p. 141, first-order Taylor): with c = x − mean(x),
    /// var(var) = (mean(c⁴) − mean(c²)²) / ESS(c²), then sqrt(var(var) / mean(c²) / 4). Later posterior releases changed it.
    /// </summary>
    public static double McseSd(double[][] chains) => McseSd(Draws(chains));

    /// <summary>
    /// posterior's <c>mcse_quantile</c>: half the distance between the order statistics at the Φ(∓1) quantiles of
    /// Beta(ESS·p + 1, ESS·(1 − p) + 1), ESS = <see cref="EssQuantile"/>.
    /// </summary>
    public static double McseQuantile(double[][] chains, double prob)
    {
        var draws = Draws(chains);
        CheckProbability(prob);
        double ess = EssQuantile(draws, prob);
        if (double.IsNaN(ess)) return double.NaN;
        double a = ess * prob + 1;
        double b = ess * (1 - prob) + 1;
        var sorted = draws.Sorted;
        int s = sorted.Length;
        int lower = Math.Max(BetaQuantileGrid.Floor(a, b, LowerTail, s), 1);
        int upper = Math.Min(BetaQuantileGrid.Ceiling(a, b, UpperTail, s), s);
        return (sorted[upper - 1] - sorted[lower - 1]) / 2;   // 1-based order statistics, as in R
    }

    /// <summary>R type-7 quantile of all draws pooled (posterior's <c>quantile2</c>); NaN if any draw is NaN.</summary>
    public static double Quantile(double[][] chains, double prob) => Quantile(Draws(chains), CheckProbability(prob));

    /// <summary>Highest density interval of all draws pooled, as ArviZ computes it (narrowest floor(prob·S)-draw span).</summary>
    public static (double Low, double High) Hdi(double[][] chains, double prob) => Hdi(Draws(chains), CheckProbability(prob));

    /// <summary>All <see cref="DrawSummary"/> columns, sharing the sort, split and rank normalisation between them.</summary>
    public static DrawSummary Summarize(double[][] chains)
    {
        var draws = Draws(chains);
        var split = draws.Split();
        var bulk = RankNormalization.ZScale(split);
        double sd = PooledSd(draws);
        var (low, high) = Hdi(draws, HdiProbability);
        return new DrawSummary(
            Mean: SampleMoments.Mean(draws.All),
            Sd: sd,
            Q05: Quantile(draws, 0.05),
            Q95: Quantile(draws, 0.95),
            Rhat: Math.Max(PotentialScaleReduction.Compute(bulk), RhatTail(draws)),
            EssBulk: EffectiveSampleSize.Compute(bulk),
            EssTail: EssTail(draws),
            McseMean: sd / Math.Sqrt(EffectiveSampleSize.Compute(split)),
            McseSd: McseSd(draws),
            Hdi94Low: low,
            Hdi94High: high);
    }

    private static DrawMatrix Draws(double[][] chains) => DrawMatrix.FromChains(chains, nameof(chains));

    private static double CheckProbability(double prob)
    {
        if (!(prob >= 0 && prob <= 1)) throw new ArgumentOutOfRangeException(nameof(prob), prob, "Must be between 0 and 1.");
        return prob;
    }

    private static double RhatBulk(DrawMatrix draws) => PotentialScaleReduction.Compute(RankNormalization.ZScale(draws.Split()));

    private static double RhatTail(DrawMatrix draws)
    {
        // posterior folds with median(x), which is NA when any draw is NaN; the NaN then makes R-hat NaN too.
        double median = HasNaN(draws) ? double.NaN : OrderStatistics.Median(draws.Sorted);
        return PotentialScaleReduction.Compute(RankNormalization.ZScale(draws.Map(v => Math.Abs(v - median)).Split()));
    }

    private static double EssTail(DrawMatrix draws) => Math.Min(EssQuantile(draws, 0.05), EssQuantile(draws, 0.95));

    private static double EssQuantile(DrawMatrix draws, double prob)
    {
        if (draws.IsDegenerate) return double.NaN;
        var sorted = draws.Sorted;
        if (prob == 1) prob = (sorted.Length - 0.5) / sorted.Length;
        double q = OrderStatistics.Type7(sorted, prob);
        return EffectiveSampleSize.Compute(draws.Map(v => v <= q ? 1 : 0).Split());
    }

    private static double McseSd(DrawMatrix draws)
    {
        double mean = SampleMoments.Mean(draws.All);
        var squares = draws.Map(v => (v - mean) * (v - mean));
        double ess = EffectiveSampleSize.Compute(squares.Split());
        var fourth = draws.Map(v => Math.Pow(v - mean, 4));   // R's ^4 is pow(), not repeated squaring
        double expectedVar = SampleMoments.Mean(squares.All);
        double varVar = (SampleMoments.Mean(fourth.All) - expectedVar * expectedVar) / ess;
        return Math.Sqrt(varVar / expectedVar / 4);
    }

    private static double Quantile(DrawMatrix draws, double prob) =>
        HasNaN(draws) ? double.NaN : OrderStatistics.Type7(draws.Sorted, prob);

    private static (double Low, double High) Hdi(DrawMatrix draws, double prob) =>
        HasNaN(draws) ? (double.NaN, double.NaN) : OrderStatistics.Hdi(draws.Sorted, prob);

    private static double PooledSd(DrawMatrix draws) => Math.Sqrt(SampleMoments.Variance(draws.All));

    // Array.Sort puts NaN first, so the sorted copy answers this in O(1) once it exists.
    private static bool HasNaN(DrawMatrix draws) => double.IsNaN(draws.Sorted[0]);
}
