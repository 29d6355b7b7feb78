using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeiroMmm.Infrastructure.Attribution;

internal sealed class AttributionRunConfiguration : IEntityTypeConfiguration<AttributionRun>
{
    public void Configure(EntityTypeBuilder<AttributionRun> b)
    {
        b.ToTable("attribution_runs");
        b.Property(r => r.Model).HasMaxLength(32);
        b.HasIndex(r => new { r.Model, r.CreatedAt });
    }
}
