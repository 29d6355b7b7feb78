using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeiroMmm.Infrastructure.Configs;

internal sealed class StoredModelConfigConfiguration : IEntityTypeConfiguration<StoredModelConfig>
{
    public void Configure(EntityTypeBuilder<StoredModelConfig> b)
    {
        b.ToTable("model_configs");
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Description).HasMaxLength(2000);
        b.Property(c => c.ConversionKey).HasMaxLength(100);
        b.Property(c => c.ActiveConversionKey).HasMaxLength(100);
        // The status is the concurrency check: an edit or archive that read a draft fails if it was activated meanwhile.
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        b.Property(c => c.CreatedBy).HasMaxLength(200);
        // At most one active config per conversion key (SQL Server gets the IS NOT NULL filter from EF's convention).
        b.HasIndex(c => c.ActiveConversionKey).IsUnique();
        b.HasIndex(c => c.ConversionKey);
    }
}

internal sealed class ModelConfigAuditEntryConfiguration : IEntityTypeConfiguration<ModelConfigAuditEntry>
{
    public void Configure(EntityTypeBuilder<ModelConfigAuditEntry> b)
    {
        b.ToTable("model_config_audit");
        b.Property(a => a.Actor).HasMaxLength(200);
        b.Property(a => a.Action).HasMaxLength(32);
        b.Property(a => a.Note).HasMaxLength(1000);
        b.HasIndex(a => new { a.ConfigId, a.At });
        b.HasOne<StoredModelConfig>().WithMany().HasForeignKey(a => a.ConfigId).OnDelete(DeleteBehavior.Cascade);
    }
}
