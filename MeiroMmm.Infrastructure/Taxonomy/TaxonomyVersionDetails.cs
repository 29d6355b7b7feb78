using MeiroMmm.Domain.Taxonomy;

namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>One version with its full taxonomy; <see cref="IsCurrent"/> when it is the latest, the one in use.</summary>
public sealed record TaxonomyVersionDetails(TaxonomyVersionInfo Info, ChannelTaxonomy Taxonomy, bool IsCurrent);
