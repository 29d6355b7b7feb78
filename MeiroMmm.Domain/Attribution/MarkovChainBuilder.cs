namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// The absorbing Markov chain of order k over aggregated paths (Anderl et al. 2016). Transient states are (start),
/// id 0, and the k-tuples of the last k channels, left-padded with (start): order 2 turns a > b > c into
/// (start,a), (a,b), (b,c). Every path adds conversions + nulls to each of its transitions, then its conversions to
/// last state → (conversion) and its nulls to last state → (null). Repeated channels are kept unless
/// <c>collapseRepeats</c>: that only changes self-loops at order 1, but changes the tuples at order ≥ 2.
/// </summary>
internal static class MarkovChainBuilder
{
    public static MarkovChain Build(ChannelIndex index, IReadOnlyList<AggregatedPath> paths, int order, bool collapseRepeats)
    {
        int channels = index.Count, pad = channels;
        long radix = channels + 1;   // tuple key: slot digits in base (channels + 1), the extra digit meaning (start)
        var ids = new Dictionary<long, int>();
        var keys = new List<long>();
        long startKey = 0;
        for (int s = 0; s < order; s++) startKey = startKey * radix + pad;
        ids.Add(startKey, 0);
        keys.Add(startKey);
        var edges = new Dictionary<long, double>();
        var conversion = new List<double> { 0 };
        var nulls = new List<double> { 0 };
        var window = new int[order];

        for (int p = 0; p < paths.Count; p++)
        {
            var path = paths[p];
            int[] touches = index.Paths[p];
            double weight = path.Conversions + path.Nulls;
            if (weight <= 0 || touches.Length == 0) continue;
            Array.Fill(window, pad);
            int from = 0;
            for (int t = 0; t < touches.Length; t++)
            {
                if (collapseRepeats && t > 0 && touches[t] == touches[t - 1]) continue;
                Array.Copy(window, 1, window, 0, order - 1);
                window[order - 1] = touches[t];
                long key = 0;
                for (int s = 0; s < order; s++) key = key * radix + window[s];
                if (!ids.TryGetValue(key, out int to))
                {
                    to = keys.Count;
                    ids.Add(key, to);
                    keys.Add(key);
                    conversion.Add(0);
                    nulls.Add(0);
                }
                long edge = ((long)from << 32) | (uint)to;
                edges[edge] = edges.GetValueOrDefault(edge) + weight;
                from = to;
            }
            conversion[from] += path.Conversions;
            nulls[from] += path.Nulls;
        }
        return MarkovChain.FromCounts(keys, radix, order, channels, edges, conversion, nulls);
    }
}
