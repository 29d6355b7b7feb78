using System.Text.RegularExpressions;

namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// The one normalization every UTM value gets before it is validated or mapped: URL-decoded once ('+' counts as a
/// space, as in a query string), trimmed, lower-cased, and each run of whitespace turned into one underscore.
/// Decoding happens once on purpose: a value encoded twice keeps a '%' and is reported as an invalid character.
/// </summary>
public static partial class UtmNormalizer
{
    /// <summary>Google Analytics' placeholder for "no value"; the mapper treats it as absent.</summary>
    public const string NotSet = "(not set)";
    public const string None = "(none)";

    public static string Normalize(string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return string.Empty;
        string decoded = Uri.UnescapeDataString(raw.Replace('+', ' '));
        return Whitespace().Replace(decoded.Trim().ToLowerInvariant(), "_");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
