using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeiroMmm.Infrastructure.DataQuality;

internal sealed class DqSnapshotConfiguration : IEntityTypeConfiguration<DqSnapshot>
{
    public void Configure(EntityTypeBuilder<DqSnapshot> b)
    {
        b.ToTable("dq_snapshots");
        b.Property(s => s.Source).HasMaxLength(200);
        b.Property(s => s.MetricKey).HasMaxLength(100);
        b.Property(s => s.MetaJson).HasMaxLength(4000);
        // One value per metric, source and bucket; also the index every series query uses.
        b.HasIndex(s => new { s.MetricKey, s.Source, s.TsBucket }).IsUnique();
        b.HasIndex(s => s.TsBucket);
    }
}
