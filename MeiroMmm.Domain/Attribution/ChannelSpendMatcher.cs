namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// The one place that decides which MMM spend column a channel name (a touchpoint channel, an experiment channel, a
/// board row) belongs to. A stored mapping (the channel_spend_mappings table, per dataset) wins; a channel it does not
/// list gets <see cref="SuggestColumn"/>'s name match. Callers never compare names themselves.
/// </summary>
public static class ChannelSpendMatcher
{
    private static readonly HashSet<string> SpendWords = new(StringComparer.Ordinal) { "spend", "cost", "costs", "investment", "budget" };
    private static readonly HashSet<string> Unpaid = new(StringComparer.Ordinal) { "organic", "direct", "referral", "unknown", "none" };

    /// <summary>
    /// Per channel, its column: the stored link when <paramref name="stored"/> lists the channel (exact name first, then
    /// ignoring case; a stored null or a column the dataset no longer has means "not compared"), else the suggestion.
    /// </summary>
    public static IReadOnlyList<(string Channel, string? SpendColumn, bool Saved)> Resolve(
        IEnumerable<string> channels, IReadOnlyList<string> spendColumns, IReadOnlyDictionary<string, string?> stored)
    {
        var ignoringCase = stored.GroupBy(s => s.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);
        return [.. channels.Select(channel =>
            stored.TryGetValue(channel, out string? column) || ignoringCase.TryGetValue(channel, out column)
                ? (channel, column is not null && spendColumns.Contains(column) ? column : null, true)
                : (channel, SuggestColumn(channel, spendColumns), false))];
    }

    /// <summary>Per channel, the suggested spend column, or null; channels in the order given.</summary>
    public static IReadOnlyList<(string Channel, string? SpendColumn)> Suggest(IEnumerable<string> channels, IReadOnlyList<string> spendColumns) =>
        [.. channels.Select(c => (c, SuggestColumn(c, spendColumns)))];

    /// <summary>
    /// The default suggestion when no mapping is stored. Names are compared as lower-case words, the column's without
    /// spend words (spend, cost, costs, investment, budget). Unpaid channels (organic, direct, referral, unknown, none)
    /// get none: they have no spend. Best first: the same words (or the same letters, "paidsocial" = "paid social"), then
    /// a column whose words are all in the channel's (paid_search → search_spend) or the reverse (email → crm_email_spend),
    /// fewest extra words first; ties go to the earlier column.
    /// </summary>
    public static string? SuggestColumn(string channel, IReadOnlyList<string> spendColumns)
    {
        var words = Words(channel);
        if (words.Count == 0 || words.Any(Unpaid.Contains)) return null;
        var set = words.ToHashSet(StringComparer.Ordinal);
        string joined = string.Concat(words);
        string? best = null;
        int bestRank = int.MaxValue;
        foreach (string column in spendColumns)
        {
            var stem = StemWords(column);
            if (stem.Count == 0) continue;
            var stemSet = stem.ToHashSet(StringComparer.Ordinal);
            int rank = stemSet.SetEquals(set) || string.Concat(stem) == joined ? 0
                : stemSet.IsSubsetOf(set) || set.IsSubsetOf(stemSet) ? 1 + Math.Abs(stemSet.Count - set.Count)
                : int.MaxValue;
            if (rank < bestRank) (best, bestRank) = (column, rank);
        }
        return best;
    }

    /// <summary>
    /// Exact matches only (same words or letters): for names that are not channels, such as campaigns, where a shared
    /// word is no evidence.
    /// </summary>
    public static string? ExactColumn(string name, IReadOnlyList<string> spendColumns)
    {
        var words = Words(name);
        if (words.Count == 0) return null;
        var set = words.ToHashSet(StringComparer.Ordinal);
        string joined = string.Concat(words);
        return spendColumns.FirstOrDefault(c => StemWords(c) is { Count: > 0 } stem && (stem.ToHashSet(StringComparer.Ordinal).SetEquals(set) || string.Concat(stem) == joined));
    }

    /// <summary>The column's words without spend words, joined: "Search_Spend" → "search", "paid-social cost" → "paidsocial".</summary>
    public static string Stem(string column) => string.Concat(StemWords(column));

    private static List<string> StemWords(string column) => [.. Words(column).Where(w => !SpendWords.Contains(w))];

    private static List<string> Words(string name)
    {
        var words = new List<string>();
        int start = -1;
        string lower = name.ToLowerInvariant();
        for (int i = 0; i <= lower.Length; i++)
        {
            bool word = i < lower.Length && char.IsLetterOrDigit(lower[i]);
            if (word && start < 0) start = i;
            else if (!word && start >= 0) { words.Add(lower[start..i]); start = -1; }
        }
        return words;
    }
}
