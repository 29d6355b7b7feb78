using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Domain.Mmm.Model;

/// <summary>
/// Log density and analytic gradient of PyMC-Marketing's MMM on the unconstrained scale (reference/PRIORS.md §2–7),
/// with every normalizing constant, so values compare directly with reference/stan/logdensity_reference.json.
/// The default model (geometric adstock, logistic saturation) runs its own vectorized kernels; other shapes go through
/// <see cref="AdstockShape"/> and <see cref="SaturationShape"/>. One instance per chain: it owns its scratch buffers and
/// never allocates after construction.
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

    public MmmLogDensity(ScaledMmmData data, MmmParameterLayout layout) : this(data, layout, shapedPath: false) { }

    /// <summary>With <paramref name="shapedPath"/>, the default model too goes through the generic shape path (tests compare the two).</summary>
    internal MmmLogDensity(ScaledMmmData data, MmmParameterLayout layout, bool shapedPath)
    {
        _data = data; _layout = layout;
        _t = data.Periods; _c = layout.Channels; _k = layout.Controls; _f = layout.FourierTerms; _lMax = data.LMax;
        _mu = new double[_t]; _residual = new double[_t];
        _adstock = new double[_c * _t]; _saturation = new double[_c * _t];
        _weights = new double[_lMax]; _weightDerivatives = new double[_lMax];
        var defaults = MmmPriors.DefaultsFor(layout.Adstock, layout.Saturation);
        _priors = [.. layout.Names.Select(name => data.Priors.For(name, defaults))];
        _priorNormalizers = [.. _priors.Select(p => p.LogNormalizer)];

        _defaultModel = layout.IsDefaultModel && !shapedPath;
        _adstockShape = layout.Adstock; _saturationShape = layout.Saturation;
        _lags = layout.Adstock.WeightCount(_lMax);
        _nAdstock = layout.AdstockParameterCount; _nSaturation = layout.SaturationParameterCount;
        _channelWeights = new double[_c * _lags];
        _channelWeightDerivatives = new double[_c * _nAdstock * _lags];
        _shapeParameters = new double[Math.Max(_nAdstock, _nSaturation)];
        _shapeGradient = new double[Math.Max(_nAdstock, _nSaturation)];
    }

    // Other shapes than geometric + logistic: one generic path through AdstockShape and SaturationShape.
    private readonly bool _defaultModel;
    private readonly AdstockShape _adstockShape;
    private readonly SaturationShape _saturationShape;
    private readonly int _lags, _nAdstock, _nSaturation;
    private readonly double[] _channelWeights, _channelWeightDerivatives, _shapeParameters, _shapeGradient;

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
        if (!_defaultModel)
        {
            if (!ShapedMediaForward(q)) return Fail(gradient);
        }
        else for (int c = 0; c < _c; c++)
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
        if (!_defaultModel) ShapedMediaBackward(q, gradient);
        else for (int c = 0; c < _c; c++)
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
    /// PyMC-Marketing's lift-test likelihood (PRIORS.md §8): |Δy| ~ Gamma with mean μ = |f(x+Δx) − f(x)| and sd σ, where f
    /// is the channel's saturation curve (β·L(x) for the default model), i.e. shape k = μ²/σ², rate θ = μ/σ². Adds its
    /// gradient through μ to the channel's saturation parameters.
    /// </summary>
    private double LiftTestTerm(ScaledLiftTest lift, ReadOnlySpan<double> q, Span<double> gradient)
    {
        int n = _nSaturation;
        Span<double> p = stackalloc double[n], d0 = stackalloc double[n], d1 = stackalloc double[n];
        for (int j = 0; j < n; j++) p[j] = _layout.Constrain(_layout.SaturationParameter(lift.Channel, j), q[_layout.SaturationParameter(lift.Channel, j)]);
        double x0 = lift.X, x1 = lift.X + lift.DeltaX;
        double f0 = _saturationShape.Gradient(x0, p, out _, d0), f1 = _saturationShape.Gradient(x1, p, out _, d1);
        double sign = Math.Sign(lift.DeltaX);   // every saturation curve increases, so the model's lift has Δx's sign
        double mu = sign * (f1 - f0);
        if (!(mu > 0)) return double.NegativeInfinity;
        double variance = lift.Sigma * lift.Sigma, shape = mu * mu / variance, rate = mu / variance, y = lift.AbsDeltaY;
        double logp = shape * Math.Log(rate) - MathNet.Numerics.SpecialFunctions.GammaLn(shape) + (shape - 1) * Math.Log(y) - rate * y;
        double dLogpdMu = 2 * mu / variance * (Math.Log(rate) - MathNet.Numerics.SpecialFunctions.DiGamma(shape) + Math.Log(y)) + (mu - y) / variance;
        for (int j = 0; j < n; j++)
        {
            int index = _layout.SaturationParameter(lift.Channel, j);
            gradient[index] += dLogpdMu * sign * (d1[j] - d0[j]) * Jacobian(index, p[j]);
        }
        return logp;
    }

    /// <summary>Forward pass of the media terms for any adstock and saturation shape; false when a parameter is out of range.</summary>
    private bool ShapedMediaForward(ReadOnlySpan<double> q)
    {
        int T = _t, W = _lags;
        var sp = _shapeParameters.AsSpan(0, _nSaturation);
        for (int c = 0; c < _c; c++)
        {
            var ap = _shapeParameters.AsSpan(0, _nAdstock);
            for (int p = 0; p < _nAdstock; p++)
            {
                int index = _layout.AdstockParameter(c, p);
                ap[p] = _layout.Constrain(index, q[index]);
                if (!double.IsFinite(ap[p])) return false;
            }
            var w = _channelWeights.AsSpan(c * W, W);
            if (!_adstockShape.Weights(ap, w, _channelWeightDerivatives.AsSpan(c * _nAdstock * W, _nAdstock * W))) return false;
            for (int j = 0; j < _nSaturation; j++)
            {
                int index = _layout.SaturationParameter(c, j);
                sp[j] = _layout.Constrain(index, q[index]);
                if (!double.IsFinite(sp[j])) return false;
            }
            var a = _adstock.AsSpan(c * T, T);
            var s = _saturation.AsSpan(c * T, T);
            ConvolveAll(_data.X.AsSpan(c * T, T), w, a);
            _saturationShape.Evaluate(a, sp, s);
            VectorKernels.AddScaled(_mu, s, 1);
        }
        return true;
    }

    /// <summary>Backward pass of the media terms (after the residuals are known): chain rule through saturation and adstock.</summary>
    private void ShapedMediaBackward(ReadOnlySpan<double> q, Span<double> gradient)
    {
        int T = _t, W = _lags;
        var sp = _shapeParameters.AsSpan(0, _nSaturation);
        var dS = _shapeGradient.AsSpan(0, _nSaturation);
        for (int c = 0; c < _c; c++)
        {
            for (int j = 0; j < _nSaturation; j++)
            {
                int index = _layout.SaturationParameter(c, j);
                sp[j] = _layout.Constrain(index, q[index]);
            }
            var a = _adstock.AsSpan(c * T, T);
            // _mu is free now: g_t = r_t · df/da_t.
            _saturationShape.Backward(_residual, a, _saturation.AsSpan(c * T, T), sp, _mu, dS);
            for (int j = 0; j < _nSaturation; j++)
            {
                int index = _layout.SaturationParameter(c, j);
                gradient[index] = dS[j] * Jacobian(index, sp[j]);
            }
            // d a_t / dθ_p = Σ_l w'_pl x[t−l], so Σ_t g_t da_t/dθ_p = Σ_l w'_pl Σ_{t≥l} g_t x[t−l].
            var xc = _data.X.AsSpan(c * T, T);
            var dw = _channelWeightDerivatives.AsSpan(c * _nAdstock * W, _nAdstock * W);
            for (int p = 0; p < _nAdstock; p++)
            {
                int index = _layout.AdstockParameter(c, p);
                double d = 0;
                for (int l = 0; l < W && l < T; l++)
                    d += dw[p * W + l] * Dot(_mu.AsSpan(l, T - l), xc[..(T - l)]);
                gradient[index] = d * Jacobian(index, _layout.Constrain(index, q[index]));
            }
        }
    }

    /// <summary>d constrained / d unconstrained for the parameter at <paramref name="index"/> with constrained value v.</summary>
    private double Jacobian(int index, double v) => _layout.Support(index) switch
    {
        ParameterSupport.UnitInterval => v * (1 - v),
        ParameterSupport.Positive => v,
        _ => 1,
    };

    private static void ConvolveAll(ReadOnlySpan<double> x, ReadOnlySpan<double> weights, Span<double> destination)
    {
        int T = x.Length;
        destination.Clear();
        for (int l = 0; l < weights.Length && l < T; l++) VectorKernels.AddScaled(destination[l..], x[..(T - l)], weights[l]);
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
