using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeiroMmm.Infrastructure.DataQuality;

internal sealed class NotificationChannelConfiguration : IEntityTypeConfiguration<NotificationChannel>
{
    public void Configure(EntityTypeBuilder<NotificationChannel> b)
    {
        b.ToTable("notification_channels");
        b.Property(c => c.Name).HasMaxLength(200);
        b.HasIndex(c => c.Name).IsUnique();
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.SettingsJson).HasMaxLength(4000);
        b.Property(c => c.ProtectedSecret).HasMaxLength(4000);
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> b)
    {
        b.ToTable("notification_deliveries");
        b.Property(d => d.Purpose).HasMaxLength(16);
        b.Property(d => d.Subject).HasMaxLength(400);
        b.Property(d => d.Body).HasMaxLength(4000);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.LastError).HasMaxLength(2000);
        b.HasOne<NotificationChannel>().WithMany().HasForeignKey(d => d.ChannelId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AlertEvent>().WithMany().HasForeignKey(d => d.AlertEventId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(d => new { d.Status, d.CreatedAt });
        b.HasIndex(d => d.ChannelId);
    }
}
