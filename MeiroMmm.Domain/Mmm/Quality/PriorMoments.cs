using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Domain.Mmm.Quality;

/// <summary>Mean and standard deviation of a prior, from its family's closed forms in PyMC's parameterization.</summary>
public static class PriorMoments
{
    /// <summary>(mean, sd), or null when the family has no finite variance (HalfCauchy, StudentT with ν ≤ 2).</summary>
    public static (double Mean, double Sd)? Of(Prior prior)
    {
        var p = prior.Parameters;
        return prior.Family switch
        {
            PriorFamily.Normal => (p[0], p[1]),
            // Half-normal: E = σ√(2/π), Var = σ²(1 − 2/π).
            PriorFamily.HalfNormal => (p[0] * Math.Sqrt(2 / Math.PI), p[0] * Math.Sqrt(1 - 2 / Math.PI)),
            PriorFamily.Beta => (p[0] / (p[0] + p[1]), Math.Sqrt(p[0] * p[1] / ((p[0] + p[1]) * (p[0] + p[1]) * (p[0] + p[1] + 1)))),
            PriorFamily.Gamma => (p[0] / p[1], Math.Sqrt(p[0]) / p[1]),                  // Gamma(α, rate)
            PriorFamily.Laplace => (p[0], p[1] * Math.Sqrt(2)),
            PriorFamily.LogNormal => (Math.Exp(p[0] + p[1] * p[1] / 2), Math.Sqrt((Math.Exp(p[1] * p[1]) - 1) * Math.Exp(2 * p[0] + p[1] * p[1]))),
            PriorFamily.Exponential => (1 / p[0], 1 / p[0]),
            PriorFamily.StudentT when p[0] > 2 => (p[1], p[2] * Math.Sqrt(p[0] / (p[0] - 2))),
            _ => null,
        };
    }
}
