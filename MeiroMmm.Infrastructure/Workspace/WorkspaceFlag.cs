using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeiroMmm.Infrastructure.Workspace;

/// <summary>A one-off fact about the workspace, such as "the demo was seeded at …", so start-up work runs once.</summary>
public sealed class WorkspaceFlag
{
    public required string Key { get; set; }
    public required string Value { get; set; }
    public DateTimeOffset SetAt { get; set; }
}

internal sealed class WorkspaceFlagConfiguration : IEntityTypeConfiguration<WorkspaceFlag>
{
    public void Configure(EntityTypeBuilder<WorkspaceFlag> b)
    {
        b.ToTable("workspace_flags");
        b.HasKey(f => f.Key);
        b.Property(f => f.Key).HasMaxLength(100);
        b.Property(f => f.Value).HasMaxLength(2000);
    }
}
