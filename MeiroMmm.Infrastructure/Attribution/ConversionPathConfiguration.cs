using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeiroMmm.Infrastructure.Attribution;

internal sealed class ConversionPathConfiguration : IEntityTypeConfiguration<ConversionPath>
{
    public void Configure(EntityTypeBuilder<ConversionPath> b)
    {
        b.ToTable("conversion_paths");
        b.Property(p => p.ConversionId).HasMaxLength(128);
        b.Property(p => p.PathJson).IsRequired().UsePropertyAccessMode(PropertyAccessMode.Property);   // the getter makes it from the UTF-8 bytes
        b.Ignore(p => p.PathJsonUtf8);
        // Three indexes, each serving a query: the dedup key, the latest conversion (MAX), and date ranges. Every index
        // costs each upload a sort of the whole table (docs/BENCHMARKS.md); per-path questions go to path_aggregates.
        b.HasIndex(p => p.ConversionId).IsUnique();
        b.Property(p => p.ProfileId).HasMaxLength(200);
        b.Property(p => p.ConversionKey).HasMaxLength(100);
        b.Property(p => p.PathHash).HasMaxLength(64);
        // Only converting journeys have a conversion time (a few percent of them): the index leaves the rest out.
        b.HasIndex(p => p.ConversionTs).HasFilter("\"ConversionTs\" IS NOT NULL");
        b.HasIndex(p => p.JourneyDate);
        b.Property(p => p.Origin).HasMaxLength(16);
    }
}
