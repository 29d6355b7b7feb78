using System.Text.RegularExpressions;

namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// Maps a touchpoint's UTM source, medium and campaign to a channel with the seed's confidence scale.
/// A rule matches when every pattern it has matches (a null pattern accepts any value, even an empty one); the first
/// matching rule in priority order wins. Values are normalized first (<see cref="UtmNormalizer"/>), and
/// <c>(not set)</c> counts as absent. The confidence then says how much evidence the match rests on:
/// <list type="bullet">
/// <item>1.0 — a rule matches the values as given, and both source and medium are present.</item>
/// <item>0.8 — a rule matches the values as given, but only one of source and medium is present, so only that one is
/// evidence: the absent one was accepted by a null pattern (e.g. medium <c>email</c> with no source) or by a
/// pattern that explicitly allows the empty value (e.g. <c>(direct)</c> with no medium). A present value that fails a
/// rule's pattern is never "half a match": <c>facebook / cpc</c> must not become paid search because of <c>cpc</c>.</item>
/// <item>0.6 — no rule matches the values as given, but one matches after source and medium aliases are applied
/// (<c>fb → facebook</c>) or after the source is read as the one known source within a small edit distance.</item>
/// <item>0.3 — unknown, with some information: a source or medium is present but no rule matches.</item>
/// <item>0.0 — unknown, with nothing to go on: neither source nor medium is present.</item>
/// </list>
/// Regexes are compiled once, here, with NonBacktracking (see <see cref="ChannelRule"/>). Immutable, so thread-safe.
/// </summary>
public sealed class ChannelMapper
{
    public const double BothMatch = 1.0, OneMatches = 0.8, AliasOrFuzzy = 0.6, UnknownWithInformation = 0.3, Nothing = 0.0;

    // Typos are only guessed for sources long enough that one edit rarely turns one real source into another
    // ("meta" vs "beta"); mediums are never guessed, since cpc/cpm or cpc/cpv differ by one letter and mean different things.
    private const int MinFuzzyLength = 5, TwoEditsFromLength = 9, MaxFuzzyLength = 64;

    private sealed record CompiledRule(ChannelRule Rule, Regex? Source, Regex? Medium, Regex? Campaign)
    {
        public bool Matches(string source, string medium, string campaign) =>
            (Source?.IsMatch(source) ?? true) && (Medium?.IsMatch(medium) ?? true) && (Campaign?.IsMatch(campaign) ?? true);
    }

    private readonly CompiledRule[] _ordered;
    private readonly Dictionary<string, string> _sourceAliases;
    private readonly Dictionary<string, string> _mediumAliases;
    private readonly string[] _knownSources;

    public ChannelTaxonomy Taxonomy { get; }

    /// <exception cref="ArgumentException">A rule's pattern does not compile; the message names the rule and why.</exception>
    public ChannelMapper(ChannelTaxonomy taxonomy)
    {
        Taxonomy = taxonomy;
        // Lowest priority number wins, so an admin can put "google / cpc" above "google / *". OrderBy is stable, so equal
        // priorities keep their stored order.
        _ordered = [.. taxonomy.Rules.OrderBy(r => r.Priority).Select(r => new CompiledRule(r,
            CompileOrNull(r, r.SourcePattern), CompileOrNull(r, r.MediumPattern), CompileOrNull(r, r.CampaignPattern)))];
        _sourceAliases = Normalized(taxonomy.SourceAliases);
        _mediumAliases = Normalized(taxonomy.MediumAliases);
        _knownSources = [.. taxonomy.Rules.SelectMany(r => LiteralAlternatives(r.SourcePattern))
            .Concat(_sourceAliases.Values).Where(s => s.Length > 0).Distinct()];
    }

    public ChannelMapping Map(string? source, string? medium, string? campaign = null)
    {
        string s = UtmNormalizer.Normalize(source), m = UtmNormalizer.Normalize(medium), c = UtmNormalizer.Normalize(campaign);
        string sKey = AbsentIfNotSet(s), mKey = AbsentIfNotSet(m), cKey = AbsentIfNotSet(c);
        if (sKey.Length == 0 && mKey.Length == 0)
            return new(ChannelRule.Unattributed, null, Nothing, s, m, "Neither a source nor a medium is set.");

        if (FirstMatch(sKey, mKey, cKey) is { } exact)
            return sKey.Length > 0 && mKey.Length > 0
                ? new(exact.Channel, exact.Name, BothMatch, s, m, null)
                : new(exact.Channel, exact.Name, OneMatches, s, m,
                    $"Only the {(sKey.Length > 0 ? "source" : "medium")} is set, so the rule matched on it alone.");

        string aliasSource = _sourceAliases.GetValueOrDefault(sKey, sKey), aliasMedium = _mediumAliases.GetValueOrDefault(mKey, mKey);
        if ((aliasSource != sKey || aliasMedium != mKey) && FirstMatch(aliasSource, aliasMedium, cKey) is { } byAlias)
            return new(byAlias.Channel, byAlias.Name, AliasOrFuzzy, s, m, AliasReason(sKey, aliasSource, mKey, aliasMedium));

        if (NearestKnownSource(aliasSource) is { } near && FirstMatch(near.Source, aliasMedium, cKey) is { } byFuzzy)
            return new(byFuzzy.Channel, byFuzzy.Name, AliasOrFuzzy, s, m,
                $"Source '{aliasSource}' was read as '{near.Source}' ({near.Distance} edit{(near.Distance == 1 ? "" : "s")} away).");

        return new(ChannelRule.Unattributed, null, UnknownWithInformation, s, m,
            $"No rule matches source {Show(sKey)} with medium {Show(mKey)}.");
    }

    private ChannelRule? FirstMatch(string source, string medium, string campaign)
    {
        foreach (var rule in _ordered)
            if (rule.Matches(source, medium, campaign)) return rule.Rule;
        return null;
    }

    private (string Source, int Distance)? NearestKnownSource(string source)
    {
        if (source.Length is < MinFuzzyLength or > MaxFuzzyLength) return null;
        int allowed = source.Length >= TwoEditsFromLength ? 2 : 1;
        (string Source, int Distance)? best = null;
        bool tie = false;
        foreach (string known in _knownSources)
        {
            if (Math.Abs(known.Length - source.Length) > allowed) continue;
            int d = Levenshtein.Distance(source, known);
            if (d == 0 || d > allowed) continue;
            if (best is null || d < best.Value.Distance) { best = (known, d); tie = false; }
            else if (d == best.Value.Distance) tie = true;
        }
        return tie ? null : best;   // two equally near sources: a guess would be a coin toss
    }

    private static string AliasReason(string source, string aliasSource, string medium, string aliasMedium)
    {
        var parts = new List<string>(2);
        if (aliasSource != source) parts.Add($"source '{source}' is an alias of '{aliasSource}'");
        if (aliasMedium != medium) parts.Add($"medium '{medium}' is an alias of '{aliasMedium}'");
        string joined = string.Join(" and ", parts);
        return char.ToUpperInvariant(joined[0]) + joined[1..] + ".";
    }

    private static string AbsentIfNotSet(string value) => value == UtmNormalizer.NotSet ? string.Empty : value;

    private static string Show(string value) => value.Length == 0 ? "(absent)" : $"'{value}'";

    private static Dictionary<string, string> Normalized(IReadOnlyDictionary<string, string> aliases) =>
        aliases.Select(a => (Alias: UtmNormalizer.Normalize(a.Key), Canonical: UtmNormalizer.Normalize(a.Value)))
            .Where(a => a.Alias.Length > 0)
            .DistinctBy(a => a.Alias)
            .ToDictionary(a => a.Alias, a => a.Canonical);

    /// <summary>
    /// The plain words of a pattern written as "a|b|c", the known sources the fuzzy match compares against. Alternatives
    /// with regex syntax in them are skipped: they are not spellings a typo could be near.
    /// </summary>
    private static IEnumerable<string> LiteralAlternatives(string? pattern) =>
        pattern is null ? [] : pattern.ToLowerInvariant().Split('|').Where(p => p.Length > 0 && p.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-'));

    private static Regex? CompileOrNull(ChannelRule rule, string? pattern)
    {
        if (pattern is null) return null;
        try { return ChannelRule.Compile(pattern); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"Rule '{rule.Name}' has a pattern that does not compile ('{pattern}'): {e.Message}", nameof(rule), e);
        }
    }
}
