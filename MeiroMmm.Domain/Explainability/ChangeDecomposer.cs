namespace MeiroMmm.Domain.Explainability;

/// <summary>
/// Volume × mix × rate decompositions of a metric's change between a comparison period (0) and a current period (1),
/// built on linear-credit segments (<see cref="SegmentTotals"/>). With N journeys, segment c's share s_c = n_c/N,
/// conversion rate r_c = k_c/n_c and value per conversion a_c = v_c/k_c:
/// conversions = Σ_c N·s_c·r_c, value = Σ_c N·s_c·r_c·a_c, and (paid) ROAS = Σ_c w_c·ρ_c with spend share
/// w_c = S_c/S and channel ROAS ρ_c = v_c/S_c. Each segment's product is split with
/// <see cref="ShapleyProductDecomposition"/>, so the terms sum to the change exactly. A factor undefined in one period
/// (a rate of a segment with no journeys, a share of an empty period) takes the other period's value: a channel that
/// appears is then pure volume and mix, never a "rate" change. See docs/EXPLAINABILITY.md.
/// </summary>
public static class ChangeDecomposer
{
    /// <summary>How many segments the top-contributor and top-mover lists hold.</summary>
    public const int TopCount = 5;

    private static readonly DecompositionTerm[] VolumeMixRate =
    [
        new("volume", "Journey volume", 0), new("mix", "Mix", 0), new("conversion_rate", "Conversion rate", 0),
    ];
    private static readonly DecompositionTerm ValuePerConversion = new("value_per_conversion", "Value per conversion", 0);
    private static readonly DecompositionTerm[] SpendMixRoas = [new("spend_mix", "Spend mix", 0), new("channel_roas", "Channel ROAS", 0)];

    public static MetricDecomposition Conversions(IReadOnlyList<SegmentTotals> compare, IReadOnlyList<SegmentTotals> current) =>
        Build(MetricDecomposition.Conversions, "conversions", VolumeMixRate, compare, current, (s, p) => [p.Journeys, s.Journeys / p.Journeys, s.Conversions / s.Journeys]);

    public static MetricDecomposition Value(IReadOnlyList<SegmentTotals> compare, IReadOnlyList<SegmentTotals> current) =>
        Build(MetricDecomposition.Value, "currency", [.. VolumeMixRate, ValuePerConversion], compare, current,
            (s, p) => [p.Journeys, s.Journeys / p.Journeys, s.Conversions / s.Journeys, s.Value / s.Conversions]);

    /// <summary>
    /// Paid ROAS (value credited to segments with spend in the period ÷ their spend), or null when either period has no
    /// spend at all: a ratio with no denominator cannot change.
    /// </summary>
    public static MetricDecomposition? Roas(IReadOnlyList<SegmentTotals> compare, IReadOnlyList<SegmentTotals> current)
    {
        double spend0 = TotalSpend(compare), spend1 = TotalSpend(current);
        if (spend0 <= 0 || spend1 <= 0) return null;
        return Build(MetricDecomposition.Roas, "ratio", SpendMixRoas, [.. compare.Where(HasSpend)], [.. current.Where(HasSpend)],
            (s, p) => [(s.Spend ?? 0) / p.Spend, s.Spend is > 0 ? s.Value / s.Spend.Value : double.NaN]);
    }

    private static bool HasSpend(SegmentTotals s) => s.Spend is > 0;

    private static double TotalSpend(IEnumerable<SegmentTotals> segments) => segments.Sum(s => s.Spend is > 0 ? s.Spend.Value : 0);

    /// <summary>A period's totals the factors divide by.</summary>
    private readonly record struct PeriodBase(double Journeys, double Spend);

    /// <summary>
    /// The shared engine: <paramref name="factorsOf"/> gives a segment's factors from its totals and its period's totals
    /// (NaN where undefined); the segment's metric is their product.
    /// </summary>
    private static MetricDecomposition Build(string metric, string unit, DecompositionTerm[] termSpecs,
        IReadOnlyList<SegmentTotals> compare, IReadOnlyList<SegmentTotals> current, Func<SegmentTotals, PeriodBase, double[]> factorsOf)
    {
        var p0 = new PeriodBase(compare.Sum(s => s.Journeys), TotalSpend(compare));
        var p1 = new PeriodBase(current.Sum(s => s.Journeys), TotalSpend(current));
        var byKey0 = compare.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var byKey1 = current.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var keys = byKey0.Keys.Union(byKey1.Keys, StringComparer.Ordinal).ToList();
        int k = termSpecs.Length;
        var rows = new List<(string Key, double[] F0, double[] F1, double V0, double V1, double[] Terms, SegmentPresence Presence)>(keys.Count);
        foreach (string key in keys)
        {
            var s0 = byKey0.GetValueOrDefault(key) ?? new SegmentTotals(key, 0, 0, 0);
            var s1 = byKey1.GetValueOrDefault(key) ?? new SegmentTotals(key, 0, 0, 0);
            double[] f0 = factorsOf(s0, p0), f1 = factorsOf(s1, p1);
            ResolveUndefined(f0, f1);
            var segmentTerms = new double[k];
            ShapleyProductDecomposition.Decompose(f0, f1, segmentTerms);
            rows.Add((key, f0, f1, Product(f0), Product(f1), segmentTerms, PresenceOf(s0, s1)));
        }
        double total0 = rows.Sum(r => r.V0), total1 = rows.Sum(r => r.V1);
        var segments = rows.Select(r => new SegmentContribution(r.Key, r.V0, r.V1, r.V1 - r.V0, Share(r.V0, total0), Share(r.V1, total1), r.Presence,
                Keyed(termSpecs, r.Terms), Keyed(termSpecs, r.F0), Keyed(termSpecs, r.F1)))
            .OrderByDescending(s => Math.Abs(s.Change)).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        var terms = termSpecs.Select((t, j) => t with { Value = rows.Sum(r => r.Terms[j]) }).ToList();
        double change = total1 - total0;
        return new MetricDecomposition(metric, unit, total0, total1, change, total0 == 0 ? null : change / total0, terms, segments,
            [.. segments.Where(s => s.Change != 0).Take(TopCount)],
            [.. segments.Where(s => Math.Abs(s.ShareChange) > 1e-12).OrderByDescending(s => Math.Abs(s.ShareChange)).ThenBy(s => s.Key, StringComparer.Ordinal).Take(TopCount)]);
    }

    /// <summary>An undefined factor (NaN: 0/0 or x/0) takes the other period's value, or 0 when both are undefined.</summary>
    private static void ResolveUndefined(double[] f0, double[] f1)
    {
        for (int j = 0; j < f0.Length; j++)
        {
            bool bad0 = !double.IsFinite(f0[j]), bad1 = !double.IsFinite(f1[j]);
            if (bad0 && bad1) f0[j] = f1[j] = 0;
            else if (bad0) f0[j] = f1[j];
            else if (bad1) f1[j] = f0[j];
        }
    }

    private static double Product(double[] factors)
    {
        double p = 1;
        foreach (double f in factors) p *= f;
        return p;
    }

    private static SegmentPresence PresenceOf(SegmentTotals s0, SegmentTotals s1)
    {
        bool in0 = s0.Journeys > 0 || s0.Spend is > 0, in1 = s1.Journeys > 0 || s1.Spend is > 0;
        return in0 && in1 ? SegmentPresence.Both : in0 ? SegmentPresence.CompareOnly : SegmentPresence.CurrentOnly;
    }

    private static double Share(double part, double whole) => whole == 0 ? 0 : part / whole;

    private static Dictionary<string, double> Keyed(DecompositionTerm[] specs, double[] values) =>
        specs.Select((t, j) => (t.Key, values[j])).ToDictionary(p => p.Key, p => p.Item2, StringComparer.Ordinal);
}
