using System.Globalization;

namespace MeiroMmm.Domain.Explainability;

/// <summary>
/// The plain-language story of a change, as templated sentences. Every number in a sentence is a formatted field of the
/// summary, and each sentence lists those fields' JSON paths in <see cref="NarrativeSentence.Sources"/>, so a reader (or a
/// test) can trace it. No sentence states anything that is not computed.
/// </summary>
public static class ChangeNarrative
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="scopeNoun">"channel" or "campaign".</param>
    public static IReadOnlyList<NarrativeSentence> Build(string scopeNoun, MetricDecomposition conversions, MetricDecomposition value,
        MetricDecomposition? roas, Comparability comparability, DataQualityConfidence compareDq, DataQualityConfidence currentDq)
    {
        var sentences = new List<NarrativeSentence>
        {
            Headline("Conversions", conversions, "metrics.conversions", Count),
            Terms(scopeNoun, conversions, "metrics.conversions", Count),
        };
        if (conversions.TopContributors.Count > 0) sentences.Add(TopContributor(scopeNoun, conversions, "metrics.conversions", Count));
        if (conversions.TopMovers.Count > 0) sentences.Add(TopMover(scopeNoun, conversions, "metrics.conversions"));
        sentences.Add(Headline("Conversion value", value, "metrics.value", Money));
        if (value.Change != 0)
        {
            var perConversion = value.Terms.Single(t => t.Key == "value_per_conversion");
            sentences.Add(new($"Of the value change, {Signed(perConversion.Value, Money)} came from a different value per conversion.",
                ["metrics.value.terms.value_per_conversion"]));
        }
        if (roas is not null)
            sentences.Add(new($"Paid ROAS went from {Ratio(roas.Compare)} to {Ratio(roas.Current)}: {Signed(Term(roas, "spend_mix"), Ratio)} from the spend mix and {Signed(Term(roas, "channel_roas"), Ratio)} from channels' own ROAS.",
                ["metrics.roas.compare", "metrics.roas.current", "metrics.roas.terms.spend_mix", "metrics.roas.terms.channel_roas"]));
        sentences.Add(Comparable(comparability));
        sentences.Add(DataQuality(compareDq, currentDq));
        return sentences;
    }

    private static NarrativeSentence Headline(string label, MetricDecomposition m, string path, Func<double, string> format)
    {
        string verb = m.Change > 0 ? "rose" : m.Change < 0 ? "fell" : "stayed";
        string pct = m.PercentChange is { } p ? $" ({(p >= 0 ? "+" : "")}{(100 * p).ToString("0.0", Inv)}%)" : "";
        string text = m.Change == 0
            ? $"{label} stayed at {format(m.Current)}."
            : $"{label} {verb} from {format(m.Compare)} to {format(m.Current)}, a change of {Signed(m.Change, format)}{pct}.";
        return new(text, [$"{path}.compare", $"{path}.current", $"{path}.change", $"{path}.percent_change"]);
    }

    private static NarrativeSentence Terms(string scopeNoun, MetricDecomposition m, string path, Func<double, string> format) =>
        new($"Of the change, {Signed(Term(m, "volume"), format)} came from journey volume, {Signed(Term(m, "mix"), format)} from the {scopeNoun} mix and {Signed(Term(m, "conversion_rate"), format)} from conversion rates.",
            [$"{path}.terms.volume", $"{path}.terms.mix", $"{path}.terms.conversion_rate"]);

    private static NarrativeSentence TopContributor(string scopeNoun, MetricDecomposition m, string path, Func<double, string> format)
    {
        var top = m.TopContributors[0];
        return new($"The {scopeNoun} that changed conversions most is {top.Key}: {format(top.Compare)} → {format(top.Current)} ({Signed(top.Change, format)}){Presence(top)}.",
            [$"{path}.top_contributors[0].key", $"{path}.top_contributors[0].compare", $"{path}.top_contributors[0].current", $"{path}.top_contributors[0].change"]);
    }

    private static NarrativeSentence TopMover(string scopeNoun, MetricDecomposition m, string path)
    {
        var top = m.TopMovers[0];
        return new($"The {scopeNoun} whose share of conversions moved most is {top.Key}: {Percent(top.ShareCompare)} → {Percent(top.ShareCurrent)}.",
            [$"{path}.top_movers[0].key", $"{path}.top_movers[0].share_compare", $"{path}.top_movers[0].share_current"]);
    }

    private static NarrativeSentence Comparable(Comparability c) => c.Reasons.Count == 0
        ? new("The periods are comparable (high): same model config, same taxonomy, similar volume and no drop in data quality.", ["comparability.level"])
        : new($"Comparability is {c.Level}: {string.Join(" ", c.Reasons.Select(r => r.Message))}", ["comparability.level", "comparability.reasons"]);

    private static NarrativeSentence DataQuality(DataQualityConfidence compare, DataQualityConfidence current) => current.Score is { } now
        ? new($"Data-quality confidence is {now.ToString("0", Inv)}/100 ({current.Band}) for the current period{(compare.Score is { } was ? $" and was {was.ToString("0", Inv)}/100 ({compare.Band}) for the comparison period" : "")}.",
            ["data_quality.current.score", "data_quality.current.band", "data_quality.compare.score", "data_quality.compare.band"])
        : new("Data-quality confidence is not measured yet: no data-quality run has stored snapshots.", ["data_quality.current.score"]);

    private static string Presence(SegmentContribution s) => s.Presence switch
    {
        SegmentPresence.CurrentOnly => ", new in the current period",
        SegmentPresence.CompareOnly => ", absent from the current period",
        _ => "",
    };

    private static double Term(MetricDecomposition m, string key) => m.Terms.Single(t => t.Key == key).Value;

    public static string Count(double x) => x.ToString(Math.Abs(x - Math.Round(x)) < 1e-9 ? "N0" : "N1", Inv);

    public static string Money(double x) => x.ToString("N2", Inv) + " currency units";

    public static string Ratio(double x) => x.ToString("0.00", Inv);

    public static string Percent(double share) => (100 * share).ToString("0.0", Inv) + "%";

    public static string Signed(double x, Func<double, string> format) => (x >= 0 ? "+" : "−") + format(Math.Abs(x));
}
