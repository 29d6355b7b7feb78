namespace MeiroMmm.Domain.Mmm.Fitting;

/// <summary>One bar of a decomposition waterfall: a part's sum over the chosen periods (KPI units) and what kind of part it is.</summary>
public sealed record WaterfallStep(string Name, string Kind, double Value);

/// <summary>
/// The modelled KPI over a range of periods as a waterfall: baseline first, then seasonality, the controls and the
/// channels (largest first), each the sum of its posterior-mean contribution over the range; they add up to
/// <see cref="Total"/>, the model's mean prediction summed over the same periods (the model is additive).
/// </summary>
public sealed record DecompositionWaterfall(int From, int To, IReadOnlyList<WaterfallStep> Steps)
{
    public double Total => Steps.Sum(s => s.Value);

    /// <summary>Periods <paramref name="from"/> … <paramref name="to"/> (0-based, inclusive) of the components.</summary>
    public static DecompositionWaterfall Build(IReadOnlyList<ContributionComponent> components, int from, int to)
    {
        int periods = components.Count == 0 ? 0 : components[0].Values.Length;
        if (from < 0 || to >= periods || from > to)
            throw new ArgumentOutOfRangeException(nameof(from), $"periods {from}–{to} are outside 0–{periods - 1}.");
        double Sum(ContributionComponent c) { double s = 0; for (int t = from; t <= to; t++) s += c.Values[t]; return s; }
        int Rank(string kind) => kind switch
        {
            ContributionComponent.Baseline => 0, ContributionComponent.Seasonality => 1, ContributionComponent.Control => 2, _ => 3,
        };
        var steps = components.Select(c => new WaterfallStep(c.Name, c.Kind, Sum(c)))
            .OrderBy(s => Rank(s.Kind)).ThenByDescending(s => s.Kind == ContributionComponent.Channel ? s.Value : 0)
            .ToList();
        return new DecompositionWaterfall(from, to, steps);
    }
}
