namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// Markov-chain removal-effect attribution of order 1–4 (Anderl et al. 2016), computed exactly from the absorbing
/// chain rather than by simulation. RE_c = 1 − P(conversion without c) / P(conversion), where removing c makes every
/// state containing c a dead end; credit_c = total conversions · RE_c / Σ RE, and the same for value.
/// The product's convention is padded k-tuples with repeated channels kept (<c>collapseRepeats: false</c>), which
/// gives ChannelAttribution's removal effects at every order; see docs/ATTRIBUTION.md.
/// </summary>
public static class MarkovRemovalModel
{
    public const int MaxOrder = 4;

    public static AttributionResult Attribute(IReadOnlyList<AggregatedPath> paths, int order = 1, bool collapseRepeats = false)
    {
        if (order is < 1 or > MaxOrder) throw new ArgumentOutOfRangeException(nameof(order), $"The Markov order must be 1–{MaxOrder}.");
        var index = new ChannelIndex(paths);
        var chain = MarkovChainBuilder.Build(index, paths, order, collapseRepeats);
        var x = new double[chain.StateCount];
        double full = chain.ConversionProbability(null, x);
        var (totalConversions, totalValue) = ChannelIndex.Totals(paths);

        int n = index.Count;
        var removalEffect = new double[n];
        var without = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int c = 0; c < n; c++)
        {
            double p = chain.ConversionProbability(chain.Contains[c], x);
            without[index.Names[c]] = p;
            removalEffect[c] = full > 0 ? 1 - p / full : 0;
        }
        double sum = removalEffect.Sum();
        var conversions = new double[n];
        var value = new double[n];
        for (int c = 0; c < n; c++)
        {
            conversions[c] = sum > 0 ? totalConversions * removalEffect[c] / sum : 0;
            value[c] = sum > 0 ? totalValue * removalEffect[c] / sum : 0;
        }
        return index.Result("markov", conversions, value, totalConversions, totalValue) with
        {
            RemovalEffects = index.Names.Select((name, c) => (name, c)).ToDictionary(t => t.name, t => removalEffect[t.c], StringComparer.Ordinal),
            ConversionProbability = full,
            ConversionProbabilityWithout = without,
            TransitionMatrix = order == 1 ? chain.TransitionMatrix(index.Names) : null,
        };
    }
}
