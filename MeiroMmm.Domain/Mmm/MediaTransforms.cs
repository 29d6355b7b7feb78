namespace MeiroMmm.Domain.Mmm;

/// <summary>
/// PyMC-Marketing's media transforms (pymc-marketing 0.15.1, mmm/transformers.py), as reference/PRIORS.md §2–3 defines them.
/// They run inside the sampler's gradient, so they write into caller-owned buffers and never allocate.
/// </summary>
public static class MediaTransforms
{
    /// <summary>
    /// Normalized geometric adstock truncated at <paramref name="lMax"/> lags, "valid" convolution with zero padding before the
    /// first period: a[t] = Σ_{l&lt;L} w_l x[t−l] with w_l = α^l / Σ_{j&lt;L} α^j, so the weights sum to 1.
    /// </summary>
    public static void GeometricAdstock(ReadOnlySpan<double> x, double alpha, int lMax, Span<double> destination)
    {
        if (lMax < 1) throw new ArgumentOutOfRangeException(nameof(lMax), lMax, "l_max must be at least 1.");
        if (destination.Length < x.Length) throw new ArgumentException("Shorter than the input series.", nameof(destination));
        if (alpha is < 0 or > 1 || double.IsNaN(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Retention must lie in [0, 1].");

        Span<double> weights = lMax <= 64 ? stackalloc double[lMax] : new double[lMax];
        double power = 1, sum = 0;
        for (int l = 0; l < lMax; l++) { weights[l] = power; sum += power; power *= alpha; }
        for (int l = 0; l < lMax; l++) weights[l] /= sum;

        for (int t = 0; t < x.Length; t++)
        {
            double acc = 0;
            int lags = Math.Min(lMax, t + 1);   // periods before the first one are zero
            for (int l = 0; l < lags; l++) acc += weights[l] * x[t - l];
            destination[t] = acc;
        }
    }

    /// <summary>Logistic saturation (1 − e^(−λz)) / (1 + e^(−λz)) = tanh(λz/2), in [0, 1) for z ≥ 0.</summary>
    public static double Logistic(double z, double lambda) => Math.Tanh(lambda * z / 2);

    /// <summary>
    /// Any adstock shape's normalized weights (lag 0 first; <see cref="AdstockShape.WeightCount"/> of them) at constrained
    /// <paramref name="parameters"/> (in the shape's parameter order, e.g. lam, k for Weibull).
    /// </summary>
    public static double[] AdstockWeights(Model.AdstockShape shape, ReadOnlySpan<double> parameters, int lMax)
    {
        if (lMax < shape.MinLMax) throw new ArgumentOutOfRangeException(nameof(lMax), lMax, $"{shape.Name} adstock needs l_max of at least {shape.MinLMax}.");
        var weights = new double[shape.WeightCount(lMax)];
        if (!shape.Weights(parameters, weights, [])) throw new ArgumentOutOfRangeException(nameof(parameters), $"{shape.Name} adstock weights are undefined at these parameters.");
        return weights;
    }

    /// <summary>"Valid" convolution with zero padding before the first period: a[t] = Σ_l w_l x[t−l].</summary>
    public static void Convolve(ReadOnlySpan<double> x, ReadOnlySpan<double> weights, Span<double> destination)
    {
        if (destination.Length < x.Length) throw new ArgumentException("Shorter than the input series.", nameof(destination));
        for (int t = 0; t < x.Length; t++)
        {
            double acc = 0;
            int lags = Math.Min(weights.Length, t + 1);
            for (int l = 0; l < lags; l++) acc += weights[l] * x[t - l];
            destination[t] = acc;
        }
    }
}
