using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeiroMmm.Infrastructure.Mmm;

internal sealed class MmmDatasetConfiguration : IEntityTypeConfiguration<MmmDataset>
{
    public void Configure(EntityTypeBuilder<MmmDataset> b)
    {
        b.ToTable("mmm_datasets");
        b.Property(d => d.Name).HasMaxLength(200);
        b.Property(d => d.Frequency).HasMaxLength(16);
        b.Property(d => d.Origin).HasMaxLength(16);
        b.HasMany(d => d.Columns).WithOne().HasForeignKey(c => c.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MmmDatasetColumnConfiguration : IEntityTypeConfiguration<MmmDatasetColumn>
{
    public void Configure(EntityTypeBuilder<MmmDatasetColumn> b)
    {
        b.ToTable("mmm_dataset_columns");
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Role).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(c => new { c.DatasetId, c.Name }).IsUnique();
    }
}

internal sealed class ModelRunConfiguration : IEntityTypeConfiguration<ModelRun>
{
    public void Configure(EntityTypeBuilder<ModelRun> b)
    {
        b.ToTable("mmm_model_runs");
        b.Property(r => r.Kpi).HasMaxLength(200);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Error).HasMaxLength(2000);
        b.HasOne<MmmDataset>().WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => r.Status);
        b.Property(r => r.LeaseOwner).HasMaxLength(200);
        b.HasIndex(r => new { r.Status, r.CreatedAt });   // the queue's "oldest queued run" claim
    }
}
