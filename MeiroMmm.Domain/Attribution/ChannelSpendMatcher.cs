namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// Suggests which MMM spend column a touchpoint channel belongs to, by name: the column's name without a spend suffix
/// (<c>search_spend</c> → <c>search</c>) equal to the channel, or to one word of it (<c>paid_search</c> → search). Unpaid
/// channels (organic, direct, referral, unknown) get no suggestion: they have no spend. Only a suggestion: the user edits it.
/// </summary>
public static class ChannelSpendMatcher
{
    private static readonly string[] SpendSuffixes = ["spend", "cost", "costs", "investment", "budget"];
    private static readonly HashSet<string> Unpaid = new(StringComparer.OrdinalIgnoreCase) { "organic", "direct", "referral", "unknown", "none" };

    /// <summary>Per channel, the suggested spend column, or null; channels in the order given.</summary>
    public static IReadOnlyList<(string Channel, string? SpendColumn)> Suggest(IEnumerable<string> channels, IReadOnlyList<string> spendColumns)
    {
        var stems = spendColumns.Select(c => (Column: c, Stem: Stem(c))).ToList();
        return [.. channels.Select(channel =>
        {
            var words = Words(channel);
            if (words.Any(Unpaid.Contains)) return (channel, (string?)null);
            string joined = string.Join("", words);
            var match = stems.FirstOrDefault(s => s.Stem.Length > 0 && s.Stem == joined).Column
                ?? stems.FirstOrDefault(s => s.Stem.Length > 0 && words.Contains(s.Stem)).Column;
            return (channel, match);
        })];
    }

    /// <summary>The column's words without spend suffixes, joined: "Search_Spend" → "search", "paid-social cost" → "paidsocial".</summary>
    public static string Stem(string column) => string.Join("", Words(column).Where(w => !SpendSuffixes.Contains(w)));

    private static List<string> Words(string name) =>
        [.. name.ToLowerInvariant().Split(['_', '-', ' ', '.', '/'], StringSplitOptions.RemoveEmptyEntries)];
}
