using MeiroMmm.Domain.Taxonomy;

namespace MeiroMmm.Web.Taxonomy;

/// <summary>One rule in a PUT /api/taxonomy or preview-impact body; a null pattern matches anything.</summary>
public sealed record ChannelRuleInput(string? Name, string? Channel, string? SourcePattern, string? MediumPattern, string? CampaignPattern, int? Priority)
{
    /// <summary>The rule; without a priority it takes its place in the list (10, 20, 30 …).</summary>
    public ChannelRule ToRule(int index) =>
        new(Name?.Trim() ?? "", Channel?.Trim() ?? "", SourcePattern, MediumPattern, Priority ?? (index + 1) * 10, CampaignPattern);
}
