using System.Globalization;
using MathNet.Numerics;

namespace MeiroMmm.Domain.Mmm.Model;

/// <summary>The prior families a parameter can have, with PyMC's parameterizations (Gamma and Exponential take a rate).</summary>
public enum PriorFamily { Normal, HalfNormal, Beta, Gamma, Laplace, LogNormal, HalfCauchy, Exponential, StudentT }

/// <summary>Where a parameter lives, which decides both its sampler transform and the priors that fit it.</summary>
public enum ParameterSupport { Real, Positive, UnitInterval }

/// <summary>
/// One prior: a family and its parameters, as PyMC writes them: Normal(mu, sigma), HalfNormal(sigma), Beta(alpha, beta),
/// Gamma(alpha, rate), Laplace(mu, b), LogNormal(mu, sigma), HalfCauchy(beta), Exponential(lam), StudentT(nu, mu, sigma).
/// Log densities carry every normalizing constant.
/// </summary>
public sealed record Prior(PriorFamily Family, params double[] Parameters)
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    public static Prior Normal(double mu, double sigma) => new(PriorFamily.Normal, mu, sigma);
    public static Prior HalfNormal(double sigma) => new(PriorFamily.HalfNormal, sigma);
    public static Prior Beta(double alpha, double beta) => new(PriorFamily.Beta, alpha, beta);
    public static Prior Gamma(double alpha, double rate) => new(PriorFamily.Gamma, alpha, rate);
    public static Prior Laplace(double mu, double b) => new(PriorFamily.Laplace, mu, b);

    public ParameterSupport Support => Family switch
    {
        PriorFamily.Normal or PriorFamily.Laplace or PriorFamily.StudentT => ParameterSupport.Real,
        PriorFamily.Beta => ParameterSupport.UnitInterval,
        _ => ParameterSupport.Positive,
    };

    private int Arity => Family switch
    {
        PriorFamily.HalfNormal or PriorFamily.HalfCauchy or PriorFamily.Exponential => 1,
        PriorFamily.StudentT => 3,
        _ => 2,
    };

    /// <summary>Why this prior cannot be used for a parameter with <paramref name="support"/>, or null when it can.</summary>
    public string? Problem(ParameterSupport support)
    {
        if (Parameters.Length != Arity) return $"{Family} takes {Arity} parameter(s), got {Parameters.Length}.";
        if (Parameters.Any(p => !double.IsFinite(p))) return $"{Family} parameters must be finite numbers.";
        bool scalesPositive = Family switch
        {
            PriorFamily.Normal or PriorFamily.Laplace or PriorFamily.LogNormal => Parameters[1] > 0,
            PriorFamily.StudentT => Parameters[0] > 0 && Parameters[2] > 0,
            _ => Parameters.All(p => p > 0),
        };
        if (!scalesPositive) return $"{this}: scale and shape parameters must be positive.";
        if (Support != support)
            return $"{this} is for {Describe(Support)} values, but this parameter is {Describe(support)}.";
        return null;
    }

    private static string Describe(ParameterSupport s) => s switch
    {
        ParameterSupport.Real => "real",
        ParameterSupport.Positive => "positive",
        _ => "between 0 and 1",
    };

    /// <summary>
    /// The part of log p that does not depend on the value (normalizing constants, some with special functions):
    /// computed once per model, not per gradient.
    /// </summary>
    public double LogNormalizer
    {
        get
        {
            var p = Parameters;
            return Family switch
            {
                PriorFamily.Normal or PriorFamily.LogNormal => -HalfLog2Pi - Math.Log(p[1]),
                PriorFamily.HalfNormal => Math.Log(2) - HalfLog2Pi - Math.Log(p[0]),
                PriorFamily.Beta => -SpecialFunctions.BetaLn(p[0], p[1]),
                PriorFamily.Gamma => p[0] * Math.Log(p[1]) - SpecialFunctions.GammaLn(p[0]),
                PriorFamily.Laplace => -Math.Log(2 * p[1]),
                PriorFamily.HalfCauchy => Math.Log(2) - Math.Log(Math.PI * p[0]),
                PriorFamily.Exponential => Math.Log(p[0]),
                _ => SpecialFunctions.GammaLn((p[0] + 1) / 2) - SpecialFunctions.GammaLn(p[0] / 2) - 0.5 * Math.Log(p[0] * Math.PI) - Math.Log(p[2]),
            };
        }
    }

    /// <summary>log p(x) with its derivative in x.</summary>
    public double LogDensity(double x, out double derivative) => Kernel(x, out derivative) + LogNormalizer;

    /// <summary>log p(x) − <see cref="LogNormalizer"/>, with its derivative in x.</summary>
    private double Kernel(double x, out double derivative)
    {
        var p = Parameters;
        switch (Family)
        {
            case PriorFamily.Normal:
            {
                double z = (x - p[0]) / p[1];
                derivative = -z / p[1];
                return -0.5 * z * z;
            }
            case PriorFamily.HalfNormal:
                derivative = -x / (p[0] * p[0]);
                return -0.5 * x * x / (p[0] * p[0]);
            case PriorFamily.Beta:
                derivative = (p[0] - 1) / x - (p[1] - 1) / (1 - x);
                return (p[0] - 1) * Math.Log(x) + (p[1] - 1) * Math.Log(1 - x);
            case PriorFamily.Gamma:
                derivative = (p[0] - 1) / x - p[1];
                return (p[0] - 1) * Math.Log(x) - p[1] * x;
            case PriorFamily.Laplace:
                derivative = -Math.Sign(x - p[0]) / p[1];
                return -Math.Abs(x - p[0]) / p[1];
            case PriorFamily.LogNormal:
            {
                double z = (Math.Log(x) - p[0]) / p[1];
                derivative = -1 / x - z / (p[1] * x);
                return -Math.Log(x) - 0.5 * z * z;
            }
            case PriorFamily.HalfCauchy:
                derivative = -2 * x / (p[0] * p[0] + x * x);
                return -Math.Log(1 + x * x / (p[0] * p[0]));
            case PriorFamily.Exponential:
                derivative = -p[0];
                return -p[0] * x;
            default:   // StudentT(nu, mu, sigma)
            {
                double nu = p[0], d = x - p[1], s2 = p[2] * p[2];
                derivative = -(nu + 1) * d / (nu * s2 + d * d);
                return -(nu + 1) / 2 * Math.Log(1 + d * d / (nu * s2));
            }
        }
    }

    /// <summary>
    /// log p(T(u)) + log|T'(u)| and its derivative in u, for the sampler's unconstrained coordinate u of a parameter with
    /// this prior's support (identity, log or logit transform).
    /// </summary>
    public double LogDensityUnconstrained(double u, out double derivative) => LogDensityUnconstrained(u, LogNormalizer, out derivative);

    /// <summary>As above, with the normalizer precomputed (the gradient's hot path).</summary>
    public double LogDensityUnconstrained(double u, double logNormalizer, out double derivative)
    {
        switch (Support)
        {
            case ParameterSupport.Real:
                return Kernel(u, out derivative) + logNormalizer;
            case ParameterSupport.Positive:
            {
                double x = Math.Exp(u);
                double logp = Kernel(x, out double dx);
                derivative = dx * x + 1;   // Jacobian log x = u
                return logp + logNormalizer + u;
            }
            default:
            {
                double x = 1 / (1 + Math.Exp(-u));
                double logJacobian = LogLogistic(u) + LogLogistic(-u);
                if (Family == PriorFamily.Beta)
                {
                    // Closed form in u, exact near 0 and 1 where (a−1)/x · x(1−x) would lose precision.
                    derivative = Parameters[0] * (1 - x) - Parameters[1] * x;
                    return (Parameters[0] - 1) * LogLogistic(u) + (Parameters[1] - 1) * LogLogistic(-u) + logNormalizer + logJacobian;
                }
                double logp = Kernel(x, out double dx);
                derivative = dx * x * (1 - x) + 1 - 2 * x;
                return logp + logNormalizer + logJacobian;
            }
        }
    }

    private static double LogLogistic(double u) => u >= 0 ? -Math.Log(1 + Math.Exp(-u)) : u - Math.Log(1 + Math.Exp(u));

    public override string ToString() => $"{Family}({string.Join(", ", Parameters.Select(p => p.ToString("G", CultureInfo.InvariantCulture)))})";

    /// <summary>Parses "Family(a, b)", e.g. "HalfNormal(2)" or "Gamma(3, 1)"; null when the text is not of that form.</summary>
    public static Prior? TryParse(string text)
    {
        text = text.Trim();
        int open = text.IndexOf('('), close = text.LastIndexOf(')');
        if (open <= 0 || close != text.Length - 1) return null;
        if (!Enum.TryParse<PriorFamily>(text[..open].Trim(), ignoreCase: true, out var family)) return null;
        var parts = text[(open + 1)..close].Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])) return null;
        return new Prior(family, values);
    }
}
