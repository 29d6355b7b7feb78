namespace MeiroMmm.Domain.Mmm.Model;

/// <summary>
/// One parameter of an adstock or saturation shape: its short name (PyMC-Marketing's, e.g. "alpha", "lam"), where it
/// lives (which decides the sampler's transform: logit for (0, 1), log for positive) and PyMC-Marketing's default prior.
/// </summary>
public sealed record ShapeParameter(string Name, ParameterSupport Support, Prior DefaultPrior);

/// <summary>
/// How spend carries over into later periods: normalized convolution weights w_0 … w_{W−1} (they sum to 1) computed from
/// a few parameters, as PyMC-Marketing 0.15.1's adstock classes (mode "After", normalize=True) define them. Each shape
/// gives the weights and their derivatives in its (constrained) parameters, for the analytic gradient.
/// </summary>
public abstract class AdstockShape
{
    public static AdstockShape Geometric { get; } = new GeometricAdstockShape();
    public static AdstockShape Delayed { get; } = new DelayedAdstockShape();
    public static AdstockShape WeibullCdf { get; } = new WeibullCdfAdstockShape();
    public static AdstockShape WeibullPdf { get; } = new WeibullPdfAdstockShape();
    public static IReadOnlyList<AdstockShape> All { get; } = [Geometric, Delayed, WeibullCdf, WeibullPdf];

    /// <summary>PyMC-Marketing's lookup name: geometric, delayed, weibull_cdf, weibull_pdf.</summary>
    public abstract string Name { get; }
    public abstract IReadOnlyList<ShapeParameter> Parameters { get; }

    /// <summary>How many lags the convolution has for <paramref name="lMax"/> (l_max, except Weibull CDF: l_max + 1).</summary>
    public virtual int WeightCount(int lMax) => lMax;

    /// <summary>The smallest l_max the shape is defined for.</summary>
    public virtual int MinLMax => 1;

    /// <summary>
    /// Writes the normalized weights (length <see cref="WeightCount"/>) and, when <paramref name="derivatives"/> is not
    /// empty, dw_l/dθ_p at derivatives[p·W + l]. False when the weights are undefined at these parameters.
    /// </summary>
    public abstract bool Weights(ReadOnlySpan<double> parameters, Span<double> weights, Span<double> derivatives);

    public static AdstockShape? TryParse(string? name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name?.Trim().Replace('-', '_'), StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Name;

    /// <summary>
    /// Normalizes unnormalized log-weights h_l (with their derivatives dh_l/dθ_p in <paramref name="derivatives"/>) in
    /// place: w_l = e^(h_l) / Σ e^(h_j), dw_l = w_l (dh_l − Σ_j w_j dh_j). Shifted by max h, so nothing overflows.
    /// </summary>
    protected static bool NormalizeLogWeights(Span<double> weights, Span<double> derivatives, int parameterCount)
    {
        int w = weights.Length;
        double max = double.NegativeInfinity;
        for (int l = 0; l < w; l++) max = Math.Max(max, weights[l]);
        if (!double.IsFinite(max)) return false;
        double sum = 0;
        for (int l = 0; l < w; l++) { weights[l] = Math.Exp(weights[l] - max); sum += weights[l]; }
        for (int l = 0; l < w; l++) weights[l] /= sum;
        if (derivatives.IsEmpty) return true;
        for (int p = 0; p < parameterCount; p++)
        {
            var d = derivatives.Slice(p * w, w);
            double mean = 0;
            for (int l = 0; l < w; l++) mean += weights[l] * d[l];
            for (int l = 0; l < w; l++) d[l] = weights[l] * (d[l] - mean);
        }
        return true;
    }
}

/// <summary>Geometric: w_l ∝ α^l, l = 0 … l_max − 1 (PyMC-Marketing's GeometricAdstock, the default).</summary>
internal sealed class GeometricAdstockShape : AdstockShape
{
    public override string Name => "geometric";
    public override IReadOnlyList<ShapeParameter> Parameters { get; } = [new("alpha", ParameterSupport.UnitInterval, Prior.Beta(1, 3))];

    public override bool Weights(ReadOnlySpan<double> parameters, Span<double> weights, Span<double> derivatives)
    {
        double alpha = parameters[0];
        int w = weights.Length;
        double power = 1, sum = 0, dSum = 0;
        for (int l = 0; l < w; l++)
        {
            weights[l] = power;                                                   // α^l
            double d = l == 0 ? 0 : l * power / alpha;                            // l α^(l−1)
            if (!derivatives.IsEmpty) derivatives[l] = d;
            sum += power; dSum += d;
            power *= alpha;
        }
        for (int l = 0; l < w; l++)
        {
            if (!derivatives.IsEmpty) derivatives[l] = (derivatives[l] * sum - weights[l] * dSum) / (sum * sum);
            weights[l] /= sum;
        }
        return sum > 0 && double.IsFinite(sum);
    }
}

/// <summary>
/// Delayed (PyMC-Marketing's DelayedAdstock; Jin et al. 2017, eq. 3): w_l ∝ α^((l − θ)²), l = 0 … l_max − 1, so the
/// effect peaks θ periods after the spend.
/// </summary>
internal sealed class DelayedAdstockShape : AdstockShape
{
    public override string Name => "delayed";
    public override IReadOnlyList<ShapeParameter> Parameters { get; } =
    [
        new("alpha", ParameterSupport.UnitInterval, Prior.Beta(1, 3)),
        new("theta", ParameterSupport.Positive, Prior.HalfNormal(1)),
    ];

    public override bool Weights(ReadOnlySpan<double> parameters, Span<double> weights, Span<double> derivatives)
    {
        double alpha = parameters[0], theta = parameters[1], logAlpha = Math.Log(alpha);
        int w = weights.Length;
        for (int l = 0; l < w; l++)
        {
            double gap = l - theta;
            weights[l] = gap * gap * logAlpha;                                     // log α^((l−θ)²)
            if (derivatives.IsEmpty) continue;
            derivatives[l] = gap * gap / alpha;                                    // d/dα
            derivatives[w + l] = -2 * gap * logAlpha;                              // d/dθ
        }
        return NormalizeLogWeights(weights, derivatives, 2);
    }
}

/// <summary>
/// Weibull CDF (PyMC-Marketing's WeibullCDFAdstock): the share still active decays by the Weibull survival function
/// S(t) = exp(−(t/λ)^k); w_0 ∝ 1 and w_j ∝ Π_{i=1..j} S(i) for j = 1 … l_max. PyMC-Marketing prepends the 1 and keeps all
/// l_max products, so this shape has l_max + 1 weights.
/// </summary>
internal sealed class WeibullCdfAdstockShape : AdstockShape
{
    public override string Name => "weibull_cdf";
    public override IReadOnlyList<ShapeParameter> Parameters { get; } =
    [
        new("lam", ParameterSupport.Positive, Prior.Gamma(0.64, 0.32)),   // Gamma(mu=2, sigma=2.5): shape mu²/sigma², rate mu/sigma²
        new("k", ParameterSupport.Positive, Prior.Gamma(0.64, 0.32)),
    ];

    public override int WeightCount(int lMax) => lMax + 1;

    public override bool Weights(ReadOnlySpan<double> parameters, Span<double> weights, Span<double> derivatives)
    {
        double lambda = parameters[0], k = parameters[1];
        int w = weights.Length;
        double cumulative = 0, dLambda = 0, dK = 0;   // C_j = Σ_{i≤j} (i/λ)^k and its derivatives
        weights[0] = 0;
        if (!derivatives.IsEmpty) { derivatives[0] = 0; derivatives[w] = 0; }
        for (int j = 1; j < w; j++)
        {
            double ratio = j / lambda, power = Math.Pow(ratio, k);
            cumulative += power;
            dLambda += -k * power / lambda;
            dK += power * Math.Log(ratio);
            weights[j] = -cumulative;
            if (derivatives.IsEmpty) continue;
            derivatives[j] = -dLambda;
            derivatives[w + j] = -dK;
        }
        return NormalizeLogWeights(weights, derivatives, 2);
    }
}

/// <summary>
/// Weibull PDF (PyMC-Marketing's WeibullPDFAdstock): the Weibull density f(t; k, λ) at t = 1 … l_max, min–max scaled to
/// [0, 1], then normalized: w_l = (f_l − min f) / Σ_j (f_j − min f). The smallest weight is exactly 0, as in PyMC-Marketing.
/// Constant factors of f cancel, so it works with log g_t = (k − 1) ln t − (t/λ)^k.
/// </summary>
internal sealed class WeibullPdfAdstockShape : AdstockShape
{
    public override string Name => "weibull_pdf";
    public override IReadOnlyList<ShapeParameter> Parameters { get; } =
    [
        new("lam", ParameterSupport.Positive, Prior.Gamma(4, 2)),   // Gamma(mu=2, sigma=1)
        new("k", ParameterSupport.Positive, Prior.Gamma(9, 3)),     // Gamma(mu=3, sigma=1)
    ];

    public override int MinLMax => 2;   // one lag has min = max: 0/0

    public override bool Weights(ReadOnlySpan<double> parameters, Span<double> weights, Span<double> derivatives)
    {
        double lambda = parameters[0], k = parameters[1];
        int w = weights.Length;
        if (w < 2) return false;
        double max = double.NegativeInfinity;
        for (int l = 0; l < w; l++)
        {
            double t = l + 1, ratio = t / lambda, power = Math.Pow(ratio, k);
            weights[l] = (k - 1) * Math.Log(t) - power;                           // log g_t
            max = Math.Max(max, weights[l]);
            if (derivatives.IsEmpty) continue;
            derivatives[l] = k * power / lambda;                                   // d log g / dλ
            derivatives[w + l] = Math.Log(t) - power * Math.Log(ratio);            // d log g / dk
        }
        if (!double.IsFinite(max)) return false;
        int argMin = 0;
        for (int l = 0; l < w; l++)
        {
            weights[l] = Math.Exp(weights[l] - max);                               // g scaled by a common factor
            if (weights[l] < weights[argMin]) argMin = l;
        }
        double min = weights[argMin], sum = 0;
        if (!derivatives.IsEmpty)
            for (int p = 0; p < 2; p++)
                for (int l = 0; l < w; l++) derivatives[p * w + l] *= weights[l];  // dg
        for (int l = 0; l < w; l++) { weights[l] -= min; sum += weights[l]; }      // u = g − min g
        if (!(sum > 0) || !double.IsFinite(sum)) return false;
        for (int l = 0; l < w; l++) weights[l] /= sum;
        if (derivatives.IsEmpty) return true;
        for (int p = 0; p < 2; p++)
        {
            var d = derivatives.Slice(p * w, w);
            double dMin = d[argMin], dSum = 0;
            for (int l = 0; l < w; l++) { d[l] -= dMin; dSum += d[l]; }            // du
            for (int l = 0; l < w; l++) d[l] = (d[l] - weights[l] * dSum) / sum;   // d(u/Σu)
        }
        return true;
    }
}
