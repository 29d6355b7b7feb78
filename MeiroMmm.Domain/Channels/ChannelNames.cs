using System.Text.RegularExpressions;

namespace MeiroMmm.Domain.Channels;

/// <summary>
/// Matches a channel across the three methods: MMM spend columns ("search_spend"), taxonomy channels ("Paid Search") and
/// experiment channels ("email"). Names are compared as lower-case words without a "spend" word; two names match when
/// their words are equal or one's words are all among the other's ("search" ⊂ "paid search").
/// </summary>
public static partial class ChannelNames
{
    public static IReadOnlySet<string> Words(string name) =>
        NonAlphanumeric().Split(name.ToLowerInvariant()).Where(w => w.Length > 0 && w != "spend").ToHashSet();

    public static bool Match(string a, string b)
    {
        var x = Words(a); var y = Words(b);
        if (x.Count == 0 || y.Count == 0) return false;
        return x.SetEquals(y) || x.IsSubsetOf(y) || y.IsSubsetOf(x);
    }

    /// <summary>The name in <paramref name="candidates"/> that matches <paramref name="name"/> best (exact words first), or null.</summary>
    public static string? BestMatch(string name, IEnumerable<string> candidates)
    {
        var words = Words(name);
        return candidates.Where(c => Match(name, c)).OrderByDescending(c => Words(c).SetEquals(words)).ThenBy(c => Math.Abs(Words(c).Count - words.Count)).FirstOrDefault();
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();
}
