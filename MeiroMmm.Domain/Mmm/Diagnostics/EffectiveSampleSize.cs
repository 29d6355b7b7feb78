namespace MeiroMmm.Domain.Mmm.Diagnostics;

/// <summary>
/// posterior 1.4.0's <c>.ess</c>, ported line by line: the multi-chain autocorrelation estimate (Vehtari et al. 2021,
/// eq. 10), Geyer's (1992) initial positive sequence with monotone conditioning, and the improved truncation that
/// adds the last even lag. Draws arrive already split (and rank-normalised or transformed) by the caller.
/// </summary>
internal static class EffectiveSampleSize
{
    public static double Compute(DrawMatrix draws)
    {
        int chains = draws.Chains;
        int n = draws.Length;
        if (n < 3 || draws.IsDegenerate) return double.NaN;

        var acovMeans = new double[n];
        var acov = new double[n];
        var chainMeans = new double[chains];
        var autocovariance = new ChainAutocovariance(n);
        for (int c = 0; c < chains; c++)
        {
            autocovariance.Compute(draws.Chain(c), acov);
            for (int t = 0; t < n; t++) acovMeans[t] += acov[t];
            chainMeans[c] = SampleMoments.Mean(draws.Chain(c));
        }
        for (int t = 0; t < n; t++) acovMeans[t] /= chains;

        double meanVar = acovMeans[0] * n / (n - 1);   // W, the mean within-chain variance
        double varPlus = meanVar * (n - 1) / n;
        if (chains > 1) varPlus += SampleMoments.Variance(chainMeans);

        var rho = new double[n];
        int maxT = InitialPositiveSequence(acovMeans, meanVar, varPlus, rho);
        MakeMonotone(rho, maxT);

        double total = chains * (double)n;
        // R evaluates sum(rho_hat_t[1:max_t]); for max_t = 0 that is 1:0, which selects lag 0 alone.
        double sum = maxT == 0 ? rho[0] : SampleMoments.Sum(rho.AsSpan(0, maxT));
        double tau = -1 + 2 * sum + rho[maxT];
        // Caps ESS at S·log10(S); also catches a negative tau from antithetic chains.
        tau = Math.Max(tau, 1 / Math.Log10(total));
        return total / tau;
    }

    /// <summary>
    /// Fills rho (lag t at index t) while consecutive pairs rho_2k + rho_2k+1 stay positive; returns the last even lag
    /// reached. Kept as in posterior, including storing the final even lag when it is positive.
    /// </summary>
    private static int InitialPositiveSequence(double[] acovMeans, double meanVar, double varPlus, double[] rho)
    {
        int n = acovMeans.Length;
        int t = 0;
        double rhoEven = 1;
        rho[0] = rhoEven;
        double rhoOdd = 1 - (meanVar - acovMeans[1]) / varPlus;
        rho[1] = rhoOdd;
        while (t < n - 5 && !double.IsNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0)
        {
            t += 2;
            rhoEven = 1 - (meanVar - acovMeans[t]) / varPlus;
            rhoOdd = 1 - (meanVar - acovMeans[t + 1]) / varPlus;
            if (rhoEven + rhoOdd >= 0)
            {
                rho[t] = rhoEven;
                rho[t + 1] = rhoOdd;
            }
        }
        if (rhoEven > 0) rho[t] = rhoEven;   // used by the improved estimate
        return t;
    }

    /// <summary>Geyer's initial monotone sequence: no pair sum may exceed the one before it.</summary>
    private static void MakeMonotone(double[] rho, int maxT)
    {
        for (int t = 2; t <= maxT - 2; t += 2)
        {
            double previous = rho[t - 2] + rho[t - 1];
            if (rho[t] + rho[t + 1] > previous)
            {
                rho[t] = previous / 2;
                rho[t + 1] = rho[t];
            }
        }
    }
}
