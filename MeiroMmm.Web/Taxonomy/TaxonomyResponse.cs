using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure.Taxonomy;

namespace MeiroMmm.Web.Taxonomy;

/// <summary>A stored taxonomy version: who saved it, when and why, with its rules (priority order) and aliases.</summary>
public sealed record TaxonomyResponse(
    int Version, string Actor, DateTimeOffset CreatedAt, string? Note, int? RestoredFrom, bool IsCurrent,
    IReadOnlyList<ChannelRule> Rules, IReadOnlyDictionary<string, string> SourceAliases, IReadOnlyDictionary<string, string> MediumAliases)
{
    public static TaxonomyResponse From(TaxonomyVersionInfo info, ChannelTaxonomy taxonomy, bool isCurrent) =>
        new(info.Version, info.Actor, info.CreatedAt, info.Note, info.RestoredFrom, isCurrent,
            [.. taxonomy.Rules.OrderBy(r => r.Priority)], taxonomy.SourceAliases, taxonomy.MediumAliases);
}
