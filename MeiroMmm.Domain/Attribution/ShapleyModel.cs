namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// Channel-set Shapley attribution (Zhao, Mahboobi &amp; Bagheri 2018, arXiv:1804.05327). Both games here are
/// v(S) = Σ_{T ⊆ S, T ≠ ∅} d(T) for a worth d(T) of journeys whose set of distinct channels is exactly T, so d is
/// the game's Harsanyi dividend (its Möbius transform) and the Shapley value is exact in closed form:
/// φ_j = Σ_{T ∋ j} d(T) / |T|. That costs O(paths · length + distinct sets), far below the O(2^n · n) subset sum
/// and with no limit of ~15 channels; channel sets are bit masks, so at most 64 channels.
/// </summary>
public static class ShapleyModel
{
    /// <summary>
    /// The default, Zhao et al.'s simplified Shapley: d(T) = conversions (value) of converting paths with channel set T,
    /// so each path's conversions are split equally over its distinct channels. φ sums to the totals by itself.
    /// </summary>
    public static AttributionResult SetGame(IReadOnlyList<AggregatedPath> paths)
    {
        var (index, sets) = ChannelSets(paths);
        var conversions = new double[index.Count];
        var value = new double[index.Count];
        foreach (var (mask, set) in sets)
        {
            int size = System.Numerics.BitOperations.PopCount(mask);
            ForEachBit(mask, c => { conversions[c] += set.Conversions / size; value[c] += set.Value / size; });
        }
        var (totalConversions, totalValue) = ChannelIndex.Totals(paths);
        return index.Result("shapley", conversions, value, totalConversions, totalValue);
    }

    /// <summary>
    /// Option: d(T) = conversion rate conv/(conv + null) of paths with channel set T. Every set counts equally
    /// whatever its volume, which moves credit toward rare channels; credit_c = totals · φ_c / Σ φ.
    /// </summary>
    public static AttributionResult ConversionRateGame(IReadOnlyList<AggregatedPath> paths)
    {
        var (index, sets) = ChannelSets(paths);
        var phi = new double[index.Count];
        foreach (var (mask, set) in sets)
        {
            double journeys = set.Conversions + set.Nulls;
            if (journeys <= 0) continue;
            double rate = set.Conversions / journeys;
            int size = System.Numerics.BitOperations.PopCount(mask);
            ForEachBit(mask, c => phi[c] += rate / size);
        }
        double sum = phi.Sum();
        var (totalConversions, totalValue) = ChannelIndex.Totals(paths);
        var conversions = phi.Select(p => sum > 0 ? totalConversions * p / sum : 0).ToArray();
        var value = phi.Select(p => sum > 0 ? totalValue * p / sum : 0).ToArray();
        return index.Result("shapley_conversion_rate", conversions, value, totalConversions, totalValue);
    }

    private static (ChannelIndex Index, Dictionary<ulong, (double Conversions, double Value, double Nulls)> Sets) ChannelSets(IReadOnlyList<AggregatedPath> paths)
    {
        var index = new ChannelIndex(paths);
        if (index.Count > 64) throw new ArgumentException("Shapley attribution handles at most 64 channels.", nameof(paths));
        var sets = new Dictionary<ulong, (double Conversions, double Value, double Nulls)>();
        for (int p = 0; p < paths.Count; p++)
        {
            ulong mask = 0;
            foreach (int c in index.Paths[p]) mask |= 1UL << c;
            if (mask == 0) continue;
            var s = sets.GetValueOrDefault(mask);
            sets[mask] = (s.Conversions + paths[p].Conversions, s.Value + paths[p].Value, s.Nulls + paths[p].Nulls);
        }
        return (index, sets);
    }

    private static void ForEachBit(ulong mask, Action<int> action)
    {
        for (ulong m = mask; m != 0; m &= m - 1) action(System.Numerics.BitOperations.TrailingZeroCount(m));
    }
}
