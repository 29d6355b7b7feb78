namespace MeiroMmm.Domain.Mmm.Diagnostics;

/// <summary>
/// posterior's <c>.rhat</c> on chains that are already split and transformed: with N draws per chain,
/// B = N·var(chain means), W = mean(chain variances), R-hat = sqrt((B/W + N − 1)/N) (Gelman et al. 2013, BDA3 §11.4).
/// </summary>
internal static class PotentialScaleReduction
{
    public static double Compute(DrawMatrix draws)
    {
        if (draws.IsDegenerate) return double.NaN;
        int chains = draws.Chains;
        int n = draws.Length;
        var chainMeans = new double[chains];
        var chainVariances = new double[chains];
        for (int c = 0; c < chains; c++)
        {
            chainMeans[c] = SampleMoments.Mean(draws.Chain(c));
            chainVariances[c] = SampleMoments.Variance(draws.Chain(c), chainMeans[c]);
        }
        double varianceBetween = n * SampleMoments.Variance(chainMeans);
        double varianceWithin = SampleMoments.Mean(chainVariances);
        return Math.Sqrt((varianceBetween / varianceWithin + n - 1) / n);
    }
}
