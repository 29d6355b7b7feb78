using MeiroMmm.Infrastructure.Mmm;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeiroMmm.Infrastructure.Attribution;

internal sealed class ChannelSpendMappingConfiguration : IEntityTypeConfiguration<ChannelSpendMapping>
{
    public void Configure(EntityTypeBuilder<ChannelSpendMapping> b)
    {
        b.ToTable("channel_spend_mappings");
        b.Property(m => m.Channel).HasMaxLength(200);
        b.Property(m => m.SpendColumn).HasMaxLength(200);
        b.HasIndex(m => new { m.DatasetId, m.Channel }).IsUnique();
        b.HasOne<MmmDataset>().WithMany().HasForeignKey(m => m.DatasetId).OnDelete(DeleteBehavior.Cascade);   // the mapping goes with its dataset
    }
}
