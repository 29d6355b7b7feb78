using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeiroMmm.Infrastructure.Taxonomy;

internal sealed class TaxonomyVersionConfiguration : IEntityTypeConfiguration<TaxonomyVersion>
{
    public void Configure(EntityTypeBuilder<TaxonomyVersion> b)
    {
        b.ToTable("taxonomy_versions");
        b.HasIndex(v => v.Version).IsUnique();
        b.Property(v => v.Actor).HasMaxLength(200);
        b.Property(v => v.Note).HasMaxLength(1000);
    }
}
