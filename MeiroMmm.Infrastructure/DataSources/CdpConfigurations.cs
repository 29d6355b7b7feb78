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
        b.Property(c => c.ExpensesEndpoint).HasMaxLength(500);
        b.Property(c => c.SegmentsEndpoint).HasMaxLength(500);
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
        b.HasIndex(r => r.Status);   // the worker's poll for queued runs
        b.HasOne<CdpConnection>().WithMany().HasForeignKey(r => r.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CdpWebhookDeliveryConfiguration : IEntityTypeConfiguration<CdpWebhookDelivery>
{
    public void Configure(EntityTypeBuilder<CdpWebhookDelivery> b)
    {
        b.ToTable("cdp_webhook_deliveries");
        b.Property(d => d.BodyHash).HasMaxLength(64);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Error).HasMaxLength(4000);
        b.HasIndex(d => new { d.ConnectionId, d.BodyHash }).IsUnique();
        b.HasIndex(d => new { d.Status, d.Id });
        b.HasOne<CdpConnection>().WithMany().HasForeignKey(d => d.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CdpRejectedRecordConfiguration : IEntityTypeConfiguration<CdpRejectedRecord>
{
    public void Configure(EntityTypeBuilder<CdpRejectedRecord> b)
    {
        b.ToTable("cdp_rejected_records");
        b.Property(r => r.RecordHash).HasMaxLength(64);
        b.Property(r => r.Field).HasMaxLength(300);
        b.Property(r => r.Reason).HasMaxLength(2000);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(r => new { r.ConnectionId, r.RecordHash }).IsUnique();
        b.HasIndex(r => new { r.ConnectionId, r.Status });
        b.HasOne<CdpConnection>().WithMany().HasForeignKey(r => r.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExpenseConfiguration : IEntityTypeConfiguration<Expense>
{
    public void Configure(EntityTypeBuilder<Expense> b)
    {
        b.ToTable("expenses");
        b.Property(e => e.Channel).HasMaxLength(200);
        b.Property(e => e.Campaign).HasMaxLength(200);
        b.Property(e => e.Currency).HasMaxLength(3);
        b.Property(e => e.Source).HasMaxLength(300);
        b.HasIndex(e => new { e.Date, e.Channel, e.Campaign, e.Currency, e.Source }).IsUnique();
    }
}

internal sealed class JourneyDatasetLineageConfiguration : IEntityTypeConfiguration<JourneyDatasetLineage>
{
    public void Configure(EntityTypeBuilder<JourneyDatasetLineage> b)
    {
        b.ToTable("journey_dataset_lineage");
        b.HasKey(l => l.DatasetId);
        b.Property(l => l.Frequency).HasMaxLength(10);
        b.Property(l => l.ConversionKey).HasMaxLength(200);
        b.Property(l => l.Currency).HasMaxLength(3);
        b.Property(l => l.ChannelMappingJson).HasMaxLength(8000);
        // The dataset's delete removes its lineage.
        b.HasOne<Mmm.MmmDataset>().WithOne().HasForeignKey<JourneyDatasetLineage>(l => l.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
