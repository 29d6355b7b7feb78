using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeiroMmm.Infrastructure.DataQuality;

internal sealed class AlertEventConfiguration : IEntityTypeConfiguration<AlertEvent>
{
    public void Configure(EntityTypeBuilder<AlertEvent> b)
    {
        b.ToTable("alert_events");
        b.Property(a => a.RuleName).HasMaxLength(200);
        b.Property(a => a.Message).HasMaxLength(2000);
        b.Property(a => a.Severity).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Fingerprint).HasMaxLength(32);
        b.Property(a => a.MetricKey).HasMaxLength(100);
        b.Property(a => a.Source).HasMaxLength(200);
        b.Property(a => a.AcknowledgedBy).HasMaxLength(200);
        b.Property(a => a.ResolvedBy).HasMaxLength(200);
        b.Property(a => a.Note).HasMaxLength(2000);
        b.HasIndex(a => a.Status);
        b.HasIndex(a => new { a.Fingerprint, a.Status });
        b.HasOne<AlertRule>().WithMany().HasForeignKey(a => a.RuleId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class AlertAuditEntryConfiguration : IEntityTypeConfiguration<AlertAuditEntry>
{
    public void Configure(EntityTypeBuilder<AlertAuditEntry> b)
    {
        b.ToTable("alert_audit");
        b.Property(a => a.Actor).HasMaxLength(200);
        b.Property(a => a.Action).HasMaxLength(32);
        b.Property(a => a.Note).HasMaxLength(2000);
        b.HasOne<AlertEvent>().WithMany().HasForeignKey(a => a.AlertEventId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => a.AlertEventId);
    }
}
