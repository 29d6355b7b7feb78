using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeiroMmm.Infrastructure.DataSources;

internal sealed class CdpConnectionConfiguration : IEntityTypeConfiguration<CdpConnection>
{
    public void Configure(EntityTypeBuilder<CdpConnection> b)
    {
        b.ToTable("cdp_connections");
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.BaseUrl).HasMaxLength(1000);
        b.Property(c => c.Endpoint).HasMaxLength(500);
        b.Property(c => c.ApiKeyProtected).HasMaxLength(4000);
        b.Property(c => c.WebhookSecretProtected).HasMaxLength(4000);
        b.Property(c => c.FieldMappingJson).HasMaxLength(8000);
        b.Property(c => c.TouchpointEventTypes).HasMaxLength(2000);
        b.Property(c => c.ConversionEventTypes).HasMaxLength(2000);
        b.Property(c => c.Cron).HasMaxLength(200);
        b.Property(c => c.Cursor).HasMaxLength(2000);
        b.HasIndex(c => c.Name).IsUnique();
    }
}

internal sealed class CdpSyncRunConfiguration : IEntityTypeConfiguration<CdpSyncRun>
{
    public void Configure(EntityTypeBuilder<CdpSyncRun> b)
    {
        b.ToTable("cdp_sync_runs");
        b.Property(r => r.Mode).HasMaxLength(20);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.WatermarkBefore).HasMaxLength(2200);
        b.Property(r => r.WatermarkAfter).HasMaxLength(2200);
        b.Property(r => r.RejectSample).HasMaxLength(8000);
        b.Property(r => r.Error).HasMaxLength(4000);
        b.HasIndex(r => new { r.ConnectionId, r.StartedAt });
        b.HasOne<CdpConnection>().WithMany().HasForeignKey(r => r.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
