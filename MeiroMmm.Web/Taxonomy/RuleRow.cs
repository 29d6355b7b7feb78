using MeiroMmm.Domain.Taxonomy;

namespace MeiroMmm.Web.Taxonomy;

/// <summary>One editable rule in the taxonomy editor; a blank pattern means "any value".</summary>
public sealed class RuleRow
{
    public string Name { get; set; } = "";
    public string Channel { get; set; } = "";
    public string Source { get; set; } = "";
    public string Medium { get; set; } = "";
    public string Campaign { get; set; } = "";

    public static RuleRow From(ChannelRule r) => new()
    {
        Name = r.Name, Channel = r.Channel, Source = r.SourcePattern ?? "", Medium = r.MediumPattern ?? "", Campaign = r.CampaignPattern ?? "",
    };

    /// <summary>The rule at list position <paramref name="index"/>: the order on screen is the priority (10, 20, 30 …).</summary>
    public ChannelRule ToRule(int index) =>
        new(Name.Trim(), Channel.Trim(), Blank(Source), Blank(Medium), (index + 1) * 10, Blank(Campaign));

    private static string? Blank(string pattern) => pattern.Length == 0 ? null : pattern;
}
