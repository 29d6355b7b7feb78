namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// Pools several experiments' effects: fixed effect (inverse variance) and DerSimonian &amp; Laird (1986) random
/// effects, with Cochran's Q, I² (Higgins &amp; Thompson 2002) and τ², both truncated at 0 as DerSimonian and Laird
/// define them. statsmodels' <c>combine_effects(method_re="dl")</c> agrees where Q &gt; df; where Q ≤ df it reports a
/// negative τ² instead of 0.
/// </summary>
public sealed record MetaAnalysis(int Count, PooledEffect FixedEffect, PooledEffect RandomEffects, double Q, int Df, double Tau2, double I2)
{
    public static IReadOnlyList<InputProblem> Problems(IReadOnlyList<EffectEstimate> effects)
    {
        var problems = new List<InputProblem>();
        if (effects.Count == 0) problems.Add(new("experiments", "Select at least one experiment with conversions in both groups."));
        for (int i = 0; i < effects.Count; i++)
            if (!(effects[i].StandardError > 0 && double.IsFinite(effects[i].StandardError) && double.IsFinite(effects[i].Estimate)))
                problems.Add(new($"experiments[{i}]", $"Experiment {i + 1} needs a finite estimate and a positive standard error."));
        return problems;
    }

    public static MetaAnalysis Pool(IReadOnlyList<EffectEstimate> effects, double confidence = 0.95)
    {
        var problems = Problems(effects);
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems.Select(p => p.Message)), nameof(effects));
        double z = StandardNormal.TwoSidedCritical(1 - confidence);

        double sumW = 0, sumWY = 0, sumW2 = 0;
        foreach (var e in effects)
        {
            double w = 1 / (e.StandardError * e.StandardError);
            sumW += w; sumWY += w * e.Estimate; sumW2 += w * w;
        }
        double fixedMean = sumWY / sumW;
        double q = 0;
        foreach (var e in effects)
        {
            double r = e.Estimate - fixedMean;
            q += r * r / (e.StandardError * e.StandardError);
        }
        int df = effects.Count - 1;
        double c = sumW - sumW2 / sumW;
        // With one experiment (df = 0, C = 0) there is no between-experiment variance to estimate.
        double tau2 = df > 0 && c > 0 ? Math.Max(0, (q - df) / c) : 0;
        double i2 = q > df ? (q - df) / q : 0;

        double sumWr = 0, sumWrY = 0;
        foreach (var e in effects)
        {
            double w = 1 / (e.StandardError * e.StandardError + tau2);
            sumWr += w; sumWrY += w * e.Estimate;
        }
        return new MetaAnalysis(effects.Count, Pooled(fixedMean, 1 / Math.Sqrt(sumW), z), Pooled(sumWrY / sumWr, 1 / Math.Sqrt(sumWr), z), q, df, tau2, i2);
    }

    private static PooledEffect Pooled(double estimate, double se, double z) => new(estimate, se, new(estimate - z * se, estimate + z * se));
}
