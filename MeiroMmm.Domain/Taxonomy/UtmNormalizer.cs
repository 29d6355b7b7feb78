using System.Text.RegularExpressions;

namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// The one normalization every UTM value gets before it is validated or mapped: URL-decoded once ('+' counts as a
/// space, as in a query string), trimmed, lower-cased, and each run of whitespace turned into one underscore
/// (except in <see cref="NotSet"/>).
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
        string lowered = decoded.Trim().ToLowerInvariant();
        // The placeholder keeps its space, so it is still recognized as a placeholder and not read as a tag "(not_set)".
        return lowered == NotSet ? NotSet : Whitespace().Replace(lowered, "_");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
