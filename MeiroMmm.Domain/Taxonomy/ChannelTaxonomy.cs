namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// A workspace's taxonomy: channel rules (lowest <see cref="ChannelRule.Priority"/> first) plus source and medium
/// aliases (alias → canonical value, both in normalized form, e.g. <c>fb → facebook</c>). Named ChannelTaxonomy rather
/// than Taxonomy so it does not collide with the <c>Taxonomy</c> feature namespaces in every project.
/// </summary>
public sealed record ChannelTaxonomy(
    IReadOnlyList<ChannelRule> Rules,
    IReadOnlyDictionary<string, string> SourceAliases,
    IReadOnlyDictionary<string, string> MediumAliases)
{
    /// <summary>Rules only, no aliases: what <see cref="ChannelClassifier"/> callers had before aliases existed.</summary>
    public static ChannelTaxonomy FromRules(IEnumerable<ChannelRule> rules) =>
        new([.. rules], new Dictionary<string, string>(), new Dictionary<string, string>());
}
