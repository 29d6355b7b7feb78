using System.Text.RegularExpressions;

namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// One taxonomy rule: a touchpoint whose UTM source and medium (and campaign, when given) all match is assigned
/// <see cref="Channel"/>. Patterns are case-insensitive and anchored; a null pattern matches anything.
/// Lower <see cref="Priority"/> wins.
/// </summary>
public sealed record ChannelRule(string Name, string Channel, string? SourcePattern, string? MediumPattern, int Priority, string? CampaignPattern = null)
{
    public const string Unattributed = "unknown";

    // NonBacktracking runs in time linear in the input, so an admin's pathological pattern cannot hang the server.
    private const RegexOptions PatternOptions = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    /// <summary>Compiles a pattern the way rules use it; throws <see cref="ArgumentException"/> saying why it is invalid.</summary>
    public static Regex Compile(string pattern) => new($"^(?:{pattern})$", PatternOptions);
}
