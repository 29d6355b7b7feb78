using System.Text.RegularExpressions;

namespace MeiroMmm.Domain.Taxonomy;

/// <summary>Assigns a channel to a touchpoint's UTM source/medium by the first matching rule in priority order.</summary>
public sealed class ChannelClassifier
{
    private sealed record CompiledRule(ChannelRule Rule, Regex? Source, Regex? Medium, Regex? Campaign)
    {
        public bool Matches(string source, string medium, string campaign) =>
            (Source?.IsMatch(source) ?? true) && (Medium?.IsMatch(medium) ?? true) && (Campaign?.IsMatch(campaign) ?? true);
    }

    private readonly CompiledRule[] _ordered;

    public ChannelClassifier(IEnumerable<ChannelRule> rules)
    {
        // Lowest priority number wins, so an admin can put "google / cpc" above "google / *". Compiled once, here.
        _ordered = [.. rules.OrderBy(r => r.Priority).Select(r => new CompiledRule(r, CompileOrNull(r.SourcePattern), CompileOrNull(r.MediumPattern), CompileOrNull(r.CampaignPattern)))];
    }

    public string Classify(string? source, string? medium, string? campaign = null) =>
        _ordered.FirstOrDefault(r => r.Matches(Normalize(source), Normalize(medium), Normalize(campaign)))?.Rule.Channel ?? ChannelRule.Unattributed;

    private static Regex? CompileOrNull(string? pattern) => pattern is null ? null : ChannelRule.Compile(pattern);

    private static string Normalize(string? value) => value?.Trim().ToLowerInvariant() ?? string.Empty;
}
