using MeiroMmm.Domain.Taxonomy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>Maps the domain's <see cref="ChannelRule"/> record as is; its key is a shadow property, so the domain stays EF-free.</summary>
internal sealed class ChannelRuleConfiguration : IEntityTypeConfiguration<ChannelRule>
{
    public void Configure(EntityTypeBuilder<ChannelRule> b)
    {
        b.ToTable("channel_rules");
        b.Property<int>("Id");
        b.HasKey("Id");
        b.Property(r => r.Name).HasMaxLength(200);
        b.Property(r => r.Channel).HasMaxLength(100);
        b.Property(r => r.SourcePattern).HasMaxLength(1000);
        b.Property(r => r.MediumPattern).HasMaxLength(1000);
        b.Property(r => r.CampaignPattern).HasMaxLength(1000);
        b.HasIndex(r => r.Priority);
    }
}
