using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Domain.Mmm.Model;

/// <summary>
/// Log density and analytic gradient of PyMC-Marketing's default MMM on the unconstrained scale (reference/PRIORS.md §2–7),
/// with every normalizing constant, so values compare directly with reference/stan/logdensity_reference.json.
/// One instance per chain: it owns its scratch buffers and never allocates after construction.
/// </summary>
public sealed class MmmLogDensity : IGradientEvaluator
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    private readonly ScaledMmmData _data;
    private readonly MmmParameterLayout _layout;
    private readonly int _t, _c, _k, _f, _lMax;
    private readonly double[] _mu, _residual, _adstock, _saturation, _weights, _weightDerivatives;
    private readonly Prior[] _priors;   // one per parameter, in layout order
    private readonly double[] _priorNormalizers;

    public MmmLogDensity(ScaledMmmData data, MmmParameterLayout layout)
    {
        _data = data; _layout = layout;
        _t = data.Periods; _c = layout.Channels; _k = layout.Controls; _f = layout.FourierTerms; _lMax = data.LMax;
        _mu = new double[_t]; _residual = new double[_t];
        _adstock = new double[_c * _t]; _saturation = new double[_c * _t];
        _weights = new double[_lMax]; _weightDerivatives = new double[_lMax];
        _priors = [.. layout.Names.Select(data.Priors.For)];
        _priorNormalizers = [.. _priors.Select(p => p.LogNormalizer)];
    }

    public double LogDensityGradient(ReadOnlySpan<double> q, Span<double> gradient)
    {
        int T = _t;
        var x = _data.X;
        double logDensity = 0;

        // Linear part of the mean: intercept, controls (unscaled), Fourier terms.
        double intercept = q[MmmParameterLayout.Intercept];
        Array.Fill(_mu, intercept);
        for (int k = 0; k < _k; k++) AddScaled(_mu, _data.Controls.AsSpan(k * T, T), q[_layout.GammaControl(k)]);
        for (int j = 0; j < _f; j++) AddScaled(_mu, _data.Fourier.AsSpan(j * T, T), q[_layout.GammaFourier(j)]);

        // Media: normalized geometric adstock, then logistic saturation = tanh(λa/2), scaled by β.
        for (int c = 0; c < _c; c++)
        {
            double alpha = Logistic(q[_layout.Alpha(c)]);
            double lambda = Math.Exp(q[_layout.Lambda(c)]);
            double beta = Math.Exp(q[_layout.Beta(c)]);
            if (!double.IsFinite(lambda) || !double.IsFinite(beta)) return Fail(gradient);
            AdstockWeights(alpha);
            var xc = x.AsSpan(c * T, T);
            var a = _adstock.AsSpan(c * T, T);
            var s = _saturation.AsSpan(c * T, T);
            Convolve(xc, _weights, a);
            VectorKernels.LogisticSaturation(a, lambda, s);
            VectorKernels.AddScaled(_mu, s, beta);
        }

        // Likelihood: y ~ Normal(μ, σ).
        double sigma = Math.Exp(q[_layout.Sigma]);
        if (!(sigma > 0) || !double.IsFinite(sigma)) return Fail(gradient);
        double inverseVariance = 1 / (sigma * sigma);
        double sumSquares = 0, sumResidual = 0;
        var y = _data.Y;
        for (int t = 0; t < T; t++)
        {
            double e = y[t] - _mu[t];
            sumSquares += e * e;
            _residual[t] = e * inverseVariance;   // d loglik / d μ_t
            sumResidual += _residual[t];
        }
        logDensity += -T * (HalfLog2Pi + q[_layout.Sigma]) - 0.5 * sumSquares * inverseVariance;

        // Gradient of the likelihood through the mean.
        gradient[MmmParameterLayout.Intercept] = sumResidual;
        for (int k = 0; k < _k; k++) gradient[_layout.GammaControl(k)] = Dot(_residual, _data.Controls.AsSpan(k * T, T));
        for (int j = 0; j < _f; j++) gradient[_layout.GammaFourier(j)] = Dot(_residual, _data.Fourier.AsSpan(j * T, T));
        for (int c = 0; c < _c; c++)
        {
            double alpha = Logistic(q[_layout.Alpha(c)]);
            double lambda = Math.Exp(q[_layout.Lambda(c)]);
            double beta = Math.Exp(q[_layout.Beta(c)]);
            var a = _adstock.AsSpan(c * T, T);
            var s = _saturation.AsSpan(c * T, T);
            // _mu is free now: reuse it for g_t = r_t · β · dL/da = r_t β (λ/2)(1 − L²).
            VectorKernels.SaturationGradient(_residual, a, s, 0.5 * beta * lambda, _mu, out double dBeta, out double dLambda);
            // d a_t / dα = Σ_l w'_l x[t−l], so Σ_t g_t da_t/dα = Σ_l w'_l Σ_{t≥l} g_t x[t−l].
            AdstockWeights(alpha);
            var xc = _data.X.AsSpan(c * T, T);
            double dAlpha = 0;
            for (int l = 0; l < _lMax && l < T; l++)
                dAlpha += _weightDerivatives[l] * Dot(_mu.AsSpan(l, T - l), xc[..(T - l)]);
            gradient[_layout.Beta(c)] = dBeta * beta;                      // chain rule through β = e^b
            gradient[_layout.Lambda(c)] = dLambda * beta * lambda;         // λ = e^v
            gradient[_layout.Alpha(c)] = dAlpha * alpha * (1 - alpha);     // α = logistic(u)
        }
        gradient[_layout.Sigma] = -T + sumSquares * inverseVariance;       // σ = e^s

        // Priors (PRIORS.md §6 by default) with the log-Jacobians of the transforms.
        for (int i = 0; i < _priors.Length; i++)
        {
            logDensity += _priors[i].LogDensityUnconstrained(q[i], _priorNormalizers[i], out double d);
            gradient[i] += d;
        }

        foreach (var lift in _data.LiftTests) logDensity += LiftTestTerm(lift, q, gradient);

        return double.IsFinite(logDensity) ? logDensity : Fail(gradient);
    }

    /// <summary>
    /// PyMC-Marketing's lift-test likelihood (PRIORS.md §8): |Δy| ~ Gamma with mean μ = |β(L(x+Δx) − L(x))| and sd σ,
    /// i.e. shape k = μ²/σ², rate θ = μ/σ². Adds its gradient through μ to β and λ of the channel.
    /// </summary>
    private double LiftTestTerm(ScaledLiftTest lift, ReadOnlySpan<double> q, Span<double> gradient)
    {
        double lambda = Math.Exp(q[_layout.Lambda(lift.Channel)]), beta = Math.Exp(q[_layout.Beta(lift.Channel)]);
        double x0 = lift.X, x1 = lift.X + lift.DeltaX;
        double l0 = Math.Tanh(0.5 * lambda * x0), l1 = Math.Tanh(0.5 * lambda * x1);
        double sign = Math.Sign(lift.DeltaX);   // tanh increases, so the model's lift has Δx's sign
        double mu = sign * beta * (l1 - l0);
        if (!(mu > 0)) return double.NegativeInfinity;
        double variance = lift.Sigma * lift.Sigma, shape = mu * mu / variance, rate = mu / variance, y = lift.AbsDeltaY;
        double logp = shape * Math.Log(rate) - MathNet.Numerics.SpecialFunctions.GammaLn(shape) + (shape - 1) * Math.Log(y) - rate * y;
        double dLogpdMu = 2 * mu / variance * (Math.Log(rate) - MathNet.Numerics.SpecialFunctions.DiGamma(shape) + Math.Log(y)) + (mu - y) / variance;
        double dMudBeta = sign * (l1 - l0);
        double dMudLambda = sign * beta * (0.5 * x1 * (1 - l1 * l1) - 0.5 * x0 * (1 - l0 * l0));
        gradient[_layout.Beta(lift.Channel)] += dLogpdMu * dMudBeta * beta;
        gradient[_layout.Lambda(lift.Channel)] += dLogpdMu * dMudLambda * lambda;
        return logp;
    }

    /// <summary>w_l = α^l / Σ_{j&lt;L} α^j and dw_l/dα, into the weight buffers.</summary>
    private void AdstockWeights(double alpha)
    {
        double power = 1, sum = 0, dSum = 0;
        for (int l = 0; l < _lMax; l++)
        {
            _weights[l] = power;                                   // α^l
            _weightDerivatives[l] = l == 0 ? 0 : l * power / alpha; // l α^(l−1); α > 0 here (logistic of a finite number)
            sum += power;
            dSum += _weightDerivatives[l];
            power *= alpha;
        }
        for (int l = 0; l < _lMax; l++)
        {
            _weightDerivatives[l] = (_weightDerivatives[l] * sum - _weights[l] * dSum) / (sum * sum);
            _weights[l] /= sum;
        }
    }

    private void Convolve(ReadOnlySpan<double> x, ReadOnlySpan<double> weights, Span<double> destination)
    {
        int T = x.Length;
        destination.Clear();
        for (int l = 0; l < _lMax && l < T; l++) VectorKernels.AddScaled(destination[l..], x[..(T - l)], weights[l]);
    }

    private static void AddScaled(Span<double> target, ReadOnlySpan<double> source, double factor) => VectorKernels.AddScaled(target, source, factor);

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => VectorKernels.Dot(a, b);

    private static double Logistic(double u) => 1 / (1 + Math.Exp(-u));

    private static double Fail(Span<double> gradient)
    {
        gradient.Clear();
        return double.NegativeInfinity;
    }
}
