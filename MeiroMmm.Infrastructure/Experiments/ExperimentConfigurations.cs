using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeiroMmm.Infrastructure.Experiments;

internal sealed class ExperimentConfiguration : IEntityTypeConfiguration<Experiment>
{
    public void Configure(EntityTypeBuilder<Experiment> b)
    {
        b.ToTable("experiments");
        b.Property(e => e.Key).HasMaxLength(100);
        b.HasIndex(e => e.Key).IsUnique();
        b.Property(e => e.Name).HasMaxLength(200);
        b.Property(e => e.Channel).HasMaxLength(100);
        b.Property(e => e.Salt).HasMaxLength(100);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class ExperimentAssignmentConfiguration : IEntityTypeConfiguration<ExperimentAssignment>
{
    public void Configure(EntityTypeBuilder<ExperimentAssignment> b)
    {
        b.ToTable("experiment_assignments");
        b.Property(a => a.ProfileId).HasMaxLength(200);
        b.Property(a => a.Group).HasConversion<string>().HasMaxLength(16);
        // Assignments are stored once and never re-randomized: one row per profile and experiment.
        b.HasIndex(a => new { a.ExperimentId, a.ProfileId }).IsUnique();
        b.HasOne<Experiment>().WithMany().HasForeignKey(a => a.ExperimentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExperimentExposureConfiguration : IEntityTypeConfiguration<ExperimentExposure>
{
    public void Configure(EntityTypeBuilder<ExperimentExposure> b)
    {
        b.ToTable("experiment_exposures");
        b.Property(e => e.ProfileId).HasMaxLength(200);
        b.Property(e => e.MessageId).HasMaxLength(200);
        b.HasIndex(e => new { e.ExperimentId, e.MessageId }).IsUnique();   // idempotent ingestion
        b.HasIndex(e => new { e.ExperimentId, e.ProfileId });
        b.HasOne<Experiment>().WithMany().HasForeignKey(e => e.ExperimentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExperimentOutcomeConfiguration : IEntityTypeConfiguration<ExperimentOutcome>
{
    public void Configure(EntityTypeBuilder<ExperimentOutcome> b)
    {
        b.ToTable("experiment_outcomes");
        b.Property(o => o.ProfileId).HasMaxLength(200);
        b.Property(o => o.ConversionId).HasMaxLength(200);
        // 400 characters keeps (experiment_id, dedup_key) under SQL Server's 900-byte index key.
        b.Property(o => o.DedupKey).HasMaxLength(400);
        b.HasIndex(o => new { o.ExperimentId, o.DedupKey }).IsUnique();   // idempotent ingestion
        b.HasIndex(o => new { o.ExperimentId, o.ProfileId });
        b.HasOne<Experiment>().WithMany().HasForeignKey(o => o.ExperimentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExperimentResultConfiguration : IEntityTypeConfiguration<ExperimentResult>
{
    public void Configure(EntityTypeBuilder<ExperimentResult> b)
    {
        b.ToTable("experiment_results");
        b.HasIndex(r => new { r.ExperimentId, r.Day }).IsUnique();   // one row per experiment per day; the latest is current
        b.HasOne<Experiment>().WithMany().HasForeignKey(r => r.ExperimentId).OnDelete(DeleteBehavior.Cascade);
    }
}
