namespace MeiroMmm.Domain.Experiments;

/// <summary>How the sample size is computed; see docs/EXPERIMENTS.md for the formulas.</summary>
public enum PowerMethod
{
    /// <summary>Fleiss (1981): pooled variance under H0, unpooled under H1. The default.</summary>
    Fleiss,

    /// <summary>Cohen's h with both rejection tails, as statsmodels' NormalIndPower with proportion_effectsize.</summary>
    CohensH,
}
