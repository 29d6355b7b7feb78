using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeiroMmm.Infrastructure.DataQuality;

internal sealed class AlertRuleConfiguration : IEntityTypeConfiguration<AlertRule>
{
    public void Configure(EntityTypeBuilder<AlertRule> b)
    {
        b.ToTable("alert_rules");
        b.Property(r => r.Name).HasMaxLength(200);
        b.HasIndex(r => r.Name).IsUnique();
        b.Property(r => r.MetricKey).HasMaxLength(100);
        b.Property(r => r.Source).HasMaxLength(200);
        b.Property(r => r.RuleType).HasConversion<string>().HasMaxLength(32);
        b.Property(r => r.Operator).HasConversion<string>().HasMaxLength(8);
        b.Property(r => r.Severity).HasConversion<string>().HasMaxLength(16);
        b.HasMany(r => r.Channels).WithOne().HasForeignKey(c => c.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AlertRuleChannelConfiguration : IEntityTypeConfiguration<AlertRuleChannel>
{
    public void Configure(EntityTypeBuilder<AlertRuleChannel> b)
    {
        b.ToTable("alert_rule_channels");
        b.HasKey(c => new { c.RuleId, c.ChannelId });
        b.HasOne<NotificationChannel>().WithMany().HasForeignKey(c => c.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}
