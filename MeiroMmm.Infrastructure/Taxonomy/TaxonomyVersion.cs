namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>
/// One saved taxonomy (rules and aliases, as JSON in <see cref="TaxonomyJson"/>). Versions are never changed or deleted:
/// every save, and every restore, adds the next <see cref="Version"/>; the highest is the taxonomy in use.
/// </summary>
public sealed class TaxonomyVersion
{
    public int Id { get; set; }
    /// <summary>1, 2, 3 …; unique, so two concurrent saves cannot both become the same version.</summary>
    public int Version { get; set; }
    public required string TaxonomyJson { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? Note { get; set; }
    /// <summary>The version this one restored, when it was made by a restore.</summary>
    public int? RestoredFrom { get; set; }
    public int RuleCount { get; set; }
}
