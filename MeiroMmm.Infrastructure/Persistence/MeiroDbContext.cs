using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure.Configs;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.DataQuality;
using MeiroMmm.Infrastructure.Experiments;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Taxonomy;
using MeiroMmm.Infrastructure.Workspace;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Persistence;

/// <summary>
/// The one model for every provider. Each provider has a subclass that only configures its connection (and its own
/// migrations folder), as EF Core recommends for several providers. Use one short-lived instance per operation.
/// </summary>
public abstract class MeiroDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<UserAccount> Users => Set<UserAccount>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<MmmDataset> Datasets => Set<MmmDataset>();
    public DbSet<MmmDatasetColumn> DatasetColumns => Set<MmmDatasetColumn>();
    public DbSet<ModelRun> ModelRuns => Set<ModelRun>();
    public DbSet<ConversionPath> ConversionPaths => Set<ConversionPath>();
    public DbSet<PathAggregate> PathAggregates => Set<PathAggregate>();
    public DbSet<AttributionRun> AttributionRuns => Set<AttributionRun>();
    public DbSet<ChannelSpendMapping> ChannelSpendMappings => Set<ChannelSpendMapping>();
    public DbSet<ChannelRule> ChannelRules => Set<ChannelRule>();
    public DbSet<Experiment> Experiments => Set<Experiment>();
    public DbSet<ExperimentAssignment> ExperimentAssignments => Set<ExperimentAssignment>();
    public DbSet<ExperimentExposure> ExperimentExposures => Set<ExperimentExposure>();
    public DbSet<ExperimentOutcome> ExperimentOutcomes => Set<ExperimentOutcome>();
    public DbSet<ExperimentResult> ExperimentResults => Set<ExperimentResult>();
    public DbSet<AlertEvent> AlertEvents => Set<AlertEvent>();
    public DbSet<AlertAuditEntry> AlertAudit => Set<AlertAuditEntry>();
    public DbSet<AlertRule> AlertRules => Set<AlertRule>();
    public DbSet<DqSnapshot> DqSnapshots => Set<DqSnapshot>();
    public DbSet<NotificationChannel> NotificationChannels => Set<NotificationChannel>();
    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();
    public DbSet<WorkspaceFlag> WorkspaceFlags => Set<WorkspaceFlag>();
    public DbSet<TaxonomyVersion> TaxonomyVersions => Set<TaxonomyVersion>();
    public DbSet<StoredModelConfig> ModelConfigs => Set<StoredModelConfig>();
    public DbSet<ModelConfigAuditEntry> ModelConfigAudit => Set<ModelConfigAuditEntry>();
    public DbSet<Scenarios.BudgetScenario> BudgetScenarios => Set<Scenarios.BudgetScenario>();
    /// <summary>ASP.NET Core Data Protection keys, shared by every instance (see DataProtectionSetup).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public abstract DatabaseProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MeiroDbContext).Assembly);
}
