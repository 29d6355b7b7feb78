using System.Text.RegularExpressions;

namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// Checks a rule before it is saved, so the mapper never meets a pattern it cannot compile. Each error names its field
/// and says why: the regex parser's own message, or the construct that NonBacktracking cannot run in linear time.
/// </summary>
public static partial class ChannelRuleCheck
{
    /// <summary>The column width in channel_rules; also keeps NonBacktracking's automaton construction small.</summary>
    public const int MaxPatternLength = 1000;

    public static IReadOnlyList<RuleFieldError> Check(ChannelRule rule)
    {
        var errors = new List<RuleFieldError>();
        if (string.IsNullOrWhiteSpace(rule.Name) || rule.Name.Length > 200)
            errors.Add(new("name", "Name must have 1 to 200 characters."));
        if (string.IsNullOrEmpty(rule.Channel) || rule.Channel.Length > 100 || !ChannelKey().IsMatch(rule.Channel))
            errors.Add(new("channel", $"Channel '{rule.Channel}' must be a snake_case key (a-z, 0-9, _; 1 to 100 characters), because it becomes an MMM column prefix."));
        if (rule.SourcePattern is null && rule.MediumPattern is null)
            errors.Add(new("source_pattern", "Give a source pattern, a medium pattern or both: a rule without either would match every touchpoint."));
        AddPatternError(errors, "source_pattern", rule.SourcePattern);
        AddPatternError(errors, "medium_pattern", rule.MediumPattern);
        AddPatternError(errors, "campaign_pattern", rule.CampaignPattern);
        return errors;
    }

    /// <summary>Why <paramref name="pattern"/> cannot be used, or null when it compiles as rules compile it.</summary>
    public static string? PatternProblem(string pattern)
    {
        if (pattern.Length > MaxPatternLength) return $"The pattern has {pattern.Length} characters; at most {MaxPatternLength} are allowed.";
        try
        {
            // The bare pattern first, so the parser's offset points into what the admin typed, not into our anchors.
            _ = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            _ = ChannelRule.Compile(pattern);   // anchoring can still fail, e.g. a trailing unescaped backslash
            return null;
        }
        catch (RegexParseException e) { return $"Not a valid regular expression: {e.Message}"; }
        catch (ArgumentException e) { return $"Not a valid regular expression: {e.Message}"; }
        catch (NotSupportedException e)
        {
            // Backreferences, lookarounds and atomic groups need backtracking, which could hang the server on hostile input.
            return $"This pattern needs backtracking, which rules do not allow (they must match in linear time): {e.Message}";
        }
    }

    private static void AddPatternError(List<RuleFieldError> errors, string field, string? pattern)
    {
        if (pattern is not null && PatternProblem(pattern) is { } problem) errors.Add(new(field, problem));
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex ChannelKey();
}
