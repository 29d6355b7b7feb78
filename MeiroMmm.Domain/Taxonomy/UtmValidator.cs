
namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// Validates a UTM tag, given as parameters or as a landing-page URL. The rules, in the order they are applied:
/// parameter names are trimmed and lower-cased, and a non-standard name (<c>source</c>, <c>UTM_Source</c>,
/// <c>utm-source</c>, <c>utmsource</c>) is read as the standard one with a warning; a name given twice keeps its first
/// value (warning); other <c>utm*</c> names are ignored with a warning. Each value is normalized
/// (<see cref="UtmNormalizer"/>). A missing or empty <c>utm_source</c> is an error and a missing <c>utm_medium</c> a
/// warning; <c>(not set)</c> and <c>(none)</c> are warned, since they are reporting placeholders rather than tags; a
/// character outside letters, digits and <c>_ - . ~ ( ) / : + ! *</c> is an error, as is a value over
/// <see cref="MaxValueLength"/> characters. Thread-safe.
/// </summary>
public sealed class UtmValidator(ChannelMapper mapper)
{
    /// <summary>GA4 truncates event parameter values at 100 characters, so a longer tag cannot be reported as written.</summary>
    public const int MaxValueLength = 100;

    public static IReadOnlyList<string> StandardNames { get; } = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id"];

    private static readonly string[] BareNames = ["source", "medium", "campaign", "term", "content"];

    /// <summary>Validates parameters in the order given (a repeated name keeps its first value). Null values count as absent.</summary>
    public UtmValidationResult Validate(IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        var warnings = new List<UtmIssue>();
        var errors = new List<UtmIssue>();
        var values = new Dictionary<string, string>();
        foreach (var (rawName, rawValue) in parameters)
        {
            string? name = CanonicalName(rawName);
            if (name is null)
            {
                warnings.Add(new(rawName, "unknown_parameter", $"'{rawName}' is not a UTM parameter and was ignored."));
                continue;
            }
            if (name != rawName)
                warnings.Add(new(name, "name_mapped", $"'{rawName}' is not a standard name; it was read as '{name}'."));
            if (!values.TryAdd(name, UtmNormalizer.Normalize(rawValue)))
                warnings.Add(new(name, "duplicate", $"'{name}' is given more than once; the first value is used."));
        }

        foreach (var (name, value) in values)
        {
            if (value is UtmNormalizer.NotSet or UtmNormalizer.None)
            {
                warnings.Add(new(name, "reserved_value", $"'{value}' is a reporting placeholder, not a tag: leave {name} out or give a real value."));
                continue;   // its space and brackets are the placeholder's own, not invalid characters
            }
            if (value.Length > MaxValueLength)
                errors.Add(new(name, "too_long", $"{name} has {value.Length} characters; at most {MaxValueLength} are kept by analytics tools."));
            string invalid = new([.. value.Where(ch => !IsAllowed(ch)).Distinct()]);
            if (invalid.Length > 0)
                errors.Add(new(name, "invalid_characters", $"{name} contains characters that are not allowed: {string.Join(" ", invalid.Select(Describe))}."
                    + (invalid.Contains('%') ? " A '%' left after decoding usually means the value was URL-encoded twice." : "")));
        }
        if (values.GetValueOrDefault("utm_source", "").Length == 0)
            errors.Add(new("utm_source", "missing", "utm_source is missing: without it a visit cannot be attributed to a source."));
        if (values.GetValueOrDefault("utm_medium", "").Length == 0)
            warnings.Add(new("utm_medium", "missing", "utm_medium is missing: the channel can only be guessed from the source."));

        var normalized = values.Where(v => v.Value.Length > 0).ToDictionary(v => v.Key, v => v.Value);
        var mapping = mapper.Map(normalized.GetValueOrDefault("utm_source"), normalized.GetValueOrDefault("utm_medium"), normalized.GetValueOrDefault("utm_campaign"));
        return new(errors.Count == 0, warnings, errors, normalized, mapping.Confidence, mapping);
    }

    /// <summary>
    /// Extracts the UTM parameters of a landing-page URL and validates them. Other query parameters (gclid, page ids)
    /// are not UTM tags and are skipped silently. A URL that is not absolute http(s) is an error on <c>url</c>.
    /// </summary>
    public UtmValidationResult ValidateUrl(string url) =>
        TryExtract(url, out var parameters, out var problem)
            ? Validate(parameters)
            : Invalid(new UtmIssue("url", "invalid_url", problem));

    /// <summary>The UTM-looking query parameters of <paramref name="url"/>, names decoded and values still encoded.</summary>
    public static bool TryExtract(string url, out List<KeyValuePair<string, string?>> parameters, out string problem)
    {
        parameters = [];
        problem = "";
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            problem = $"'{url}' is not an absolute http or https URL.";
            return false;
        }
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            string name = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            // Only names that are, or read as, UTM parameters; the rest of a query string belongs to the site.
            if (name.Trim().StartsWith("utm", StringComparison.OrdinalIgnoreCase) || CanonicalName(name) is not null)
                parameters.Add(new(name, eq < 0 ? "" : pair[(eq + 1)..]));
        }
        return true;
    }

    private UtmValidationResult Invalid(UtmIssue error) =>
        new(false, [], [error], new Dictionary<string, string>(), ChannelMapper.Nothing, mapper.Map(null, null));

    /// <summary>The standard name <paramref name="name"/> stands for, or null when it is not a UTM parameter.</summary>
    private static string? CanonicalName(string name)
    {
        string key = name.Trim().ToLowerInvariant().Replace('-', '_');
        if (StandardNames.Contains(key)) return key;
        if (BareNames.Contains(key)) return "utm_" + key;
        if (key.StartsWith("utm", StringComparison.Ordinal) && StandardNames.Contains("utm_" + key[3..])) return "utm_" + key[3..];
        return null;
    }

    private static bool IsAllowed(char ch) => char.IsLetterOrDigit(ch) || "_-.~()/:+!*".Contains(ch);

    private static string Describe(char ch) => char.IsControl(ch) || char.IsWhiteSpace(ch) ? $"U+{(int)ch:X4}" : $"'{ch}'";
}
