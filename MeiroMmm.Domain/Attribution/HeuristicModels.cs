namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// Rule-based attribution on aggregated paths. Each converting path's conversions (and value, with the same weights)
/// are split over its touches; repeated channels keep their touches, so a channel seen m times in n touches gets m/n
/// under linear (ChannelAttribution's convention). Paths without conversions carry no credit.
/// </summary>
public static class HeuristicModels
{
    public static AttributionResult FirstTouch(IReadOnlyList<AggregatedPath> paths) =>
        Split(paths, "first_touch", (_, _, w) => { w.Clear(); w[0] = 1; });

    public static AttributionResult LastTouch(IReadOnlyList<AggregatedPath> paths) =>
        Split(paths, "last_touch", (_, _, w) => { w.Clear(); w[^1] = 1; });

    public static AttributionResult Linear(IReadOnlyList<AggregatedPath> paths) =>
        Split(paths, "linear", (_, _, w) => w.Fill(1.0 / w.Length));

    /// <summary>
    /// U-shaped: one touch takes all, two split evenly, otherwise <paramref name="firstShare"/> to the first,
    /// <paramref name="lastShare"/> to the last and the rest evenly over the middle touches. Default 40/20/40.
    /// </summary>
    public static AttributionResult PositionBased(IReadOnlyList<AggregatedPath> paths, double firstShare = 0.4, double lastShare = 0.4)
    {
        if (firstShare < 0 || lastShare < 0 || firstShare + lastShare > 1)
            throw new ArgumentOutOfRangeException(nameof(firstShare), "First and last shares must be ≥ 0 and sum to at most 1.");
        return Split(paths, "position_based", (_, _, w) =>
        {
            int n = w.Length;
            if (n == 1) { w[0] = 1; return; }
            if (n == 2) { w[0] = 0.5; w[1] = 0.5; return; }
            w.Fill((1 - firstShare - lastShare) / (n - 2));
            w[0] = firstShare;
            w[^1] = lastShare;
        });
    }

    /// <summary>
    /// Touch weight 2^(−age / half-life), normalized per path, with age in days before the conversion from
    /// <see cref="AggregatedPath.TouchAgesDays"/>. A path without ages falls back to position: the touch k steps
    /// before the last counts as k days old.
    /// </summary>
    public static AttributionResult TimeDecay(IReadOnlyList<AggregatedPath> paths, double halfLifeDays = 7)
    {
        if (!(halfLifeDays > 0) || !double.IsFinite(halfLifeDays)) throw new ArgumentOutOfRangeException(nameof(halfLifeDays), "The half-life must be a positive number of days.");
        return Split(paths, "time_decay", (path, _, w) =>
        {
            var ages = path.TouchAgesDays;
            int n = w.Length;
            double sum = 0;
            for (int t = 0; t < n; t++)
            {
                double age = ages is not null && ages.Count == n ? ages[t] : n - 1 - t;
                w[t] = Math.Pow(2, -age / halfLifeDays);
                sum += w[t];
            }
            for (int t = 0; t < n; t++) w[t] /= sum;
        });
    }

    private delegate void TouchWeights(AggregatedPath path, int[] channels, Span<double> weights);

    // Encoding channel names to indices is most of a heuristic's cost at 160,000 paths; running several heuristics on the
    // same list (the model comparison) encodes it once. Weak keys: the index goes when the list does.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<AggregatedPath>, ChannelIndex> Indexes = new();

    /// <summary>One pass over the paths with one reusable weight buffer: the heuristics must stay cheap at 160,000 paths.</summary>
    private static AttributionResult Split(IReadOnlyList<AggregatedPath> paths, string model, TouchWeights weigh)
    {
        var index = Indexes.GetValue(paths, p => new ChannelIndex(p));
        var conversions = new double[index.Count];
        var value = new double[index.Count];
        double[] buffer = new double[Math.Max(1, index.Paths.Length == 0 ? 1 : index.Paths.Max(p => p.Length))];
        for (int p = 0; p < paths.Count; p++)
        {
            var path = paths[p];
            int[] channels = index.Paths[p];
            if (path.Conversions == 0 && path.Value == 0 || channels.Length == 0) continue;
            var w = buffer.AsSpan(0, channels.Length);
            weigh(path, channels, w);
            for (int t = 0; t < channels.Length; t++)
            {
                conversions[channels[t]] += path.Conversions * w[t];
                value[channels[t]] += path.Value * w[t];
            }
        }
        var (totalConversions, totalValue) = ChannelIndex.Totals(paths);
        return index.Result(model, conversions, value, totalConversions, totalValue);
    }
}
