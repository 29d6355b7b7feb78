namespace MeiroMmm.Domain.Mmm.Model;

/// <summary>
/// Diminishing returns: the channel's contribution f(a; θ) (scaled KPI units) at adstocked scaled spend a ≥ 0, as
/// PyMC-Marketing 0.15.1's saturation classes define it, including their multiplier (β·logistic, β·Hill, …). Each
/// shape gives f with its derivatives in a and in its (constrained) parameters, for the analytic gradient.
/// </summary>
public abstract class SaturationShape
{
    public static SaturationShape Logistic { get; } = new LogisticSaturationShape();
    public static SaturationShape Hill { get; } = new HillSaturationShape();
    public static SaturationShape HillSigmoid { get; } = new HillSigmoidSaturationShape();
    public static SaturationShape MichaelisMenten { get; } = new MichaelisMentenSaturationShape();
    public static SaturationShape Tanh { get; } = new TanhSaturationShape();
    public static IReadOnlyList<SaturationShape> All { get; } = [Logistic, Hill, HillSigmoid, MichaelisMenten, Tanh];

    /// <summary>PyMC-Marketing's lookup name: logistic, hill, hill_sigmoid, michaelis_menten, tanh.</summary>
    public abstract string Name { get; }
    public abstract IReadOnlyList<ShapeParameter> Parameters { get; }

    /// <summary>f(a; θ).</summary>
    public abstract double Value(double a, ReadOnlySpan<double> parameters);

    /// <summary>f(a; θ) with df/da and df/dθ_j (written to <paramref name="dParameters"/>).</summary>
    public abstract double Gradient(double a, ReadOnlySpan<double> parameters, out double dA, Span<double> dParameters);

    /// <summary>destination_t = f(a_t; θ).</summary>
    public virtual void Evaluate(ReadOnlySpan<double> a, ReadOnlySpan<double> parameters, Span<double> destination)
    {
        for (int t = 0; t < a.Length; t++) destination[t] = Value(a[t], parameters);
    }

    /// <summary>
    /// Backward pass for one channel, with r_t = d log-likelihood / dμ_t: g_t = r_t·df/da_t and dθ_j = Σ_t r_t·df/dθ_j(a_t).
    /// <paramref name="values"/> holds f(a_t) from the forward pass, so shapes can skip recomputing their transcendentals.
    /// </summary>
    public virtual void Backward(ReadOnlySpan<double> r, ReadOnlySpan<double> a, ReadOnlySpan<double> values, ReadOnlySpan<double> parameters,
        Span<double> g, Span<double> dParameters)
    {
        int n = Parameters.Count;
        Span<double> d = stackalloc double[n];
        dParameters[..n].Clear();
        for (int t = 0; t < a.Length; t++)
        {
            Gradient(a[t], parameters, out double dA, d);
            g[t] = r[t] * dA;
            for (int j = 0; j < n; j++) dParameters[j] += r[t] * d[j];
        }
    }

    public static SaturationShape? TryParse(string? name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name?.Trim().Replace('-', '_'), StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Name;

    protected static double LogisticFunction(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}

/// <summary>β·(1 − e^(−λa)) / (1 + e^(−λa)) = β·tanh(λa/2) (PyMC-Marketing's LogisticSaturation, the default).</summary>
internal sealed class LogisticSaturationShape : SaturationShape
{
    public override string Name => "logistic";
    public override IReadOnlyList<ShapeParameter> Parameters { get; } =
    [
        new("lam", ParameterSupport.Positive, Prior.Gamma(3, 1)),
        new("beta", ParameterSupport.Positive, Prior.HalfNormal(2)),
    ];

    public override double Value(double a, ReadOnlySpan<double> p) => p[1] * Math.Tanh(0.5 * p[0] * a);

    public override double Gradient(double a, ReadOnlySpan<double> p, out double dA, Span<double> d)
    {
        double lambda = p[0], beta = p[1], l = Math.Tanh(0.5 * lambda * a), slope = 1 - l * l;
        dA = 0.5 * beta * lambda * slope;
        d[0] = 0.5 * beta * a * slope;
        d[1] = l;
        return beta * l;
    }

    public override void Evaluate(ReadOnlySpan<double> a, ReadOnlySpan<double> p, Span<double> destination)
    {
        VectorKernels.LogisticSaturation(a, p[0], destination);
        for (int t = 0; t < a.Length; t++) destination[t] *= p[1];
    }

    public override void Backward(ReadOnlySpan<double> r, ReadOnlySpan<double> a, ReadOnlySpan<double> values, ReadOnlySpan<double> p,
        Span<double> g, Span<double> dParameters)
    {
        // Recompute L = tanh(λa/2) into g, then let the default model's kernel turn it into the gradient (in place is safe:
        // each element is read before it is written).
        VectorKernels.LogisticSaturation(a, p[0], g);
        VectorKernels.SaturationGradient(r, a, g, 0.5 * p[1] * p[0], g, out double dBeta, out double dLambda);
        dParameters[0] = dLambda * p[1];
        dParameters[1] = dBeta;
    }
}

/// <summary>
/// Hill (PyMC-Marketing 0.15.1's HillSaturation; Jin et al. 2017, eq. 5): β · a^s / (κ^s + a^s) = β · (1 − κ^s/(κ^s + a^s)),
/// half of β at a = κ. Parameters slope s, kappa κ, beta β.
/// </summary>
internal sealed class HillSaturationShape : SaturationShape
{
    public override string Name => "hill";
    public override IReadOnlyList<ShapeParameter> Parameters { get; } =
    [
        new("slope", ParameterSupport.Positive, Prior.HalfNormal(1.5)),
        new("kappa", ParameterSupport.Positive, Prior.HalfNormal(1.5)),
        new("beta", ParameterSupport.Positive, Prior.HalfNormal(1.5)),
    ];

    public override double Value(double a, ReadOnlySpan<double> p) =>
        a > 0 ? p[2] * LogisticFunction(p[0] * (Math.Log(a) - Math.Log(p[1]))) : 0;

    public override double Gradient(double a, ReadOnlySpan<double> p, out double dA, Span<double> d)
    {
        double slope = p[0], kappa = p[1], beta = p[2];
        if (!(a > 0)) { dA = 0; d[0] = 0; d[1] = 0; d[2] = 0; return 0; }   // a^s = 0: f and its parameter derivatives vanish
        double logRatio = Math.Log(a) - Math.Log(kappa);
        double h = LogisticFunction(slope * logRatio), dh = h * (1 - h);     // h = a^s/(κ^s + a^s) = logistic(s ln(a/κ))
        dA = beta * dh * slope / a;
        d[0] = beta * dh * logRatio;
        d[1] = -beta * dh * slope / kappa;
        d[2] = h;
        return beta * h;
    }

    public override void Evaluate(ReadOnlySpan<double> a, ReadOnlySpan<double> p, Span<double> destination) =>
        VectorKernels.HillSaturation(a, p[0], Math.Log(p[1]), p[2], destination);

    /// <summary>h = f/β from the forward pass; only ln(a/κ) (for the slope) needs a logarithm, taken vectorized into g first.</summary>
    public override void Backward(ReadOnlySpan<double> r, ReadOnlySpan<double> a, ReadOnlySpan<double> values, ReadOnlySpan<double> p,
        Span<double> g, Span<double> dParameters)
    {
        double slope = p[0], kappa = p[1], beta = p[2], logKappa = Math.Log(kappa);
        double dSlope = 0, dKappa = 0, dBeta = 0;
        VectorKernels.Log(a, g);
        for (int t = 0; t < a.Length; t++)
        {
            if (!(a[t] > 0)) { g[t] = 0; continue; }
            double h = values[t] / beta, rdh = r[t] * h * (1 - h), logA = g[t];
            g[t] = beta * rdh * slope / a[t];
            dSlope += rdh * (logA - logKappa);
            dKappa += rdh;
            dBeta += r[t] * h;
        }
        dParameters[0] = beta * dSlope;
        dParameters[1] = -beta * slope / kappa * dKappa;
        dParameters[2] = dBeta;
    }
}

/// <summary>
/// Hill sigmoid (PyMC-Marketing's HillSaturationSigmoid, called HillSaturation before 0.9):
/// σ/(1 + e^(−β(a − λ))) − σ/(1 + e^(βλ)), shifted so that f(0) = 0. Parameters sigma σ, beta β, lam λ.
/// </summary>
internal sealed class HillSigmoidSaturationShape : SaturationShape
{
    public override string Name => "hill_sigmoid";
    public override IReadOnlyList<ShapeParameter> Parameters { get; } =
    [
        new("sigma", ParameterSupport.Positive, Prior.HalfNormal(1.5)),
        new("beta", ParameterSupport.Positive, Prior.HalfNormal(1.5)),
        new("lam", ParameterSupport.Positive, Prior.HalfNormal(1.5)),
    ];

    public override double Value(double a, ReadOnlySpan<double> p) =>
        p[0] * (LogisticFunction(p[1] * (a - p[2])) - LogisticFunction(-p[1] * p[2]));

    public override double Gradient(double a, ReadOnlySpan<double> p, out double dA, Span<double> d)
    {
        double sigma = p[0], beta = p[1], lambda = p[2];
        double s1 = LogisticFunction(beta * (a - lambda)), s0 = LogisticFunction(-beta * lambda);   // 1/(1 + e^(βλ)) = logistic(−βλ)
        double d1 = s1 * (1 - s1), d0 = s0 * (1 - s0);
        dA = sigma * beta * d1;
        d[0] = s1 - s0;
        d[1] = sigma * (d1 * (a - lambda) + d0 * lambda);
        d[2] = sigma * beta * (d0 - d1);
        return sigma * (s1 - s0);
    }

    /// <summary>s1 = f/σ + s0 from the forward pass: no exponentials.</summary>
    public override void Backward(ReadOnlySpan<double> r, ReadOnlySpan<double> a, ReadOnlySpan<double> values, ReadOnlySpan<double> p,
        Span<double> g, Span<double> dParameters)
    {
        double sigma = p[0], beta = p[1], lambda = p[2];
        double s0 = LogisticFunction(-beta * lambda), d0 = s0 * (1 - s0);
        double sumR = 0, sumRs1 = 0, sumRd1 = 0, sumRd1Gap = 0;
        for (int t = 0; t < a.Length; t++)
        {
            double s1 = values[t] / sigma + s0, d1 = s1 * (1 - s1);
            g[t] = r[t] * sigma * beta * d1;
            sumR += r[t]; sumRs1 += r[t] * s1; sumRd1 += r[t] * d1; sumRd1Gap += r[t] * d1 * (a[t] - lambda);
        }
        dParameters[0] = sumRs1 - s0 * sumR;
        dParameters[1] = sigma * (sumRd1Gap + d0 * lambda * sumR);
        dParameters[2] = sigma * beta * (d0 * sumR - sumRd1);
    }
}

/// <summary>Michaelis–Menten (PyMC-Marketing's MichaelisMentenSaturation): α·a / (λ + a); α the ceiling, λ the half-saturation point.</summary>
internal sealed class MichaelisMentenSaturationShape : SaturationShape
{
    public override string Name => "michaelis_menten";
    public override IReadOnlyList<ShapeParameter> Parameters { get; } =
    [
        new("alpha", ParameterSupport.Positive, Prior.Gamma(4, 2)),   // Gamma(mu=2, sigma=1)
        new("lam", ParameterSupport.Positive, Prior.HalfNormal(1)),
    ];

    public override double Value(double a, ReadOnlySpan<double> p) => p[0] * a / (p[1] + a);

    public override double Gradient(double a, ReadOnlySpan<double> p, out double dA, Span<double> d)
    {
        double alpha = p[0], lambda = p[1], denominator = lambda + a;
        dA = alpha * lambda / (denominator * denominator);
        d[0] = a / denominator;
        d[1] = -alpha * a / (denominator * denominator);
        return alpha * a / denominator;
    }
}

/// <summary>Tanh (PyMC-Marketing's TanhSaturation): b·tanh(a / (b·c)); b the ceiling, c the initial cost per unit of KPI.</summary>
internal sealed class TanhSaturationShape : SaturationShape
{
    public override string Name => "tanh";
    public override IReadOnlyList<ShapeParameter> Parameters { get; } =
    [
        new("b", ParameterSupport.Positive, Prior.HalfNormal(1)),
        new("c", ParameterSupport.Positive, Prior.HalfNormal(1)),
    ];

    public override double Value(double a, ReadOnlySpan<double> p) => p[0] * Math.Tanh(a / (p[0] * p[1]));

    public override double Gradient(double a, ReadOnlySpan<double> p, out double dA, Span<double> d)
    {
        double b = p[0], c = p[1], u = a / (b * c), th = Math.Tanh(u), slope = 1 - th * th;
        dA = slope / c;
        d[0] = th - slope * u;        // d/db [b tanh(a/(bc))] = tanh(u) + b·sech²(u)·(−u/b)
        d[1] = -b * slope * u / c;    // du/dc = −u/c
        return b * th;
    }

    /// <summary>b·tanh(a/(bc)) = b·(1 − e^(−2u))/(1 + e^(−2u)): the logistic kernel with λ = 2/(bc).</summary>
    public override void Evaluate(ReadOnlySpan<double> a, ReadOnlySpan<double> p, Span<double> destination)
    {
        VectorKernels.LogisticSaturation(a, 2 / (p[0] * p[1]), destination);
        for (int t = 0; t < a.Length; t++) destination[t] *= p[0];
    }

    /// <summary>tanh(u) = f/b from the forward pass: no hyperbolic functions.</summary>
    public override void Backward(ReadOnlySpan<double> r, ReadOnlySpan<double> a, ReadOnlySpan<double> values, ReadOnlySpan<double> p,
        Span<double> g, Span<double> dParameters)
    {
        double b = p[0], c = p[1], scale = 1 / (b * c);
        double dB = 0, dC = 0;
        for (int t = 0; t < a.Length; t++)
        {
            double th = values[t] / b, slope = 1 - th * th, u = a[t] * scale;
            g[t] = r[t] * slope / c;
            dB += r[t] * (th - slope * u);
            dC += r[t] * slope * u;
        }
        dParameters[0] = dB;
        dParameters[1] = -b / c * dC;
    }
}
