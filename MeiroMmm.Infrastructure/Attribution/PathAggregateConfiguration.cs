using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeiroMmm.Infrastructure.Attribution;

internal sealed class PathAggregateConfiguration : IEntityTypeConfiguration<PathAggregate>
{
    public void Configure(EntityTypeBuilder<PathAggregate> b)
    {
        b.ToTable("path_aggregates");
        b.Property(p => p.PathHash).HasMaxLength(64);
        b.HasIndex(p => new { p.Date, p.PathHash }).IsUnique();
        b.HasIndex(p => p.PathHash);
    }
}
