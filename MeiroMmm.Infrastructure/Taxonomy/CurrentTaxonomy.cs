using MeiroMmm.Domain.Taxonomy;

namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>The taxonomy in use (the latest version) with its compiled mapper, as <see cref="TaxonomyStore"/> caches it.</summary>
public sealed record CurrentTaxonomy(TaxonomyVersionInfo Info, ChannelTaxonomy Taxonomy, ChannelMapper Mapper);
