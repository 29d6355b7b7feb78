using MeiroMmm.Infrastructure.Mmm;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MeiroMmm.Infrastructure.Scenarios;

internal sealed class BudgetScenarioConfiguration : IEntityTypeConfiguration<BudgetScenario>
{
    public void Configure(EntityTypeBuilder<BudgetScenario> b)
    {
        b.ToTable("budget_scenarios");
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.Description).HasMaxLength(2000);
        b.Property(s => s.Kpi).HasMaxLength(200);
        b.Property(s => s.CreatedBy).HasMaxLength(200);
        b.Property(s => s.AdoptedBy).HasMaxLength(200);
        b.HasOne<ModelRun>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);   // the plan's draws live in the run
        b.HasIndex(s => new { s.DatasetId, s.Kpi, s.AdoptedAt });
    }
}
