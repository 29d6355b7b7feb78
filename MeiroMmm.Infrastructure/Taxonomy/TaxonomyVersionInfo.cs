namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>A version in the list: who saved it, when, why, and how big it is.</summary>
public sealed record TaxonomyVersionInfo(int Version, string Actor, DateTimeOffset CreatedAt, string? Note, int? RestoredFrom, int Rules, int SourceAliases, int MediumAliases);
