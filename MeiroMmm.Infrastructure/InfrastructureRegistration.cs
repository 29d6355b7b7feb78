using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Configs;
using MeiroMmm.Infrastructure.DataQuality;
using MeiroMmm.Infrastructure.DataSources;
using MeiroMmm.Infrastructure.Demo;
using MeiroMmm.Infrastructure.Experiments;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Scheduling;
using MeiroMmm.Infrastructure.Taxonomy;
using MeiroMmm.Infrastructure.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Infrastructure;

public static class InfrastructureRegistration
{
    /// <summary>The database and every stateless store and service. The caller registers <see cref="DatabaseSettings"/>.</summary>
    public static IServiceCollection AddMeiroPersistence(this IServiceCollection services)
    {
        services.AddSingleton<MeiroDbContextFactory>();
        services.AddSingleton<IDbContextFactory<MeiroDbContext>>(sp => sp.GetRequiredService<MeiroDbContextFactory>());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<UserAccountService>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<InitialAdminBootstrapper>();
        services.AddSingleton<DemoWorkspaceSeeder>();
        services.AddSingleton<WorkspaceOverviewService>();
        services.AddSingleton<DatasetStore>();
        services.AddSingleton<ModelRunStore>();
        services.AddSingleton<ModelFitRunner>();
        services.AddSingleton<ModelPreview>();
        services.AddSingleton<FitQueue>();
        services.AddSingleton(sp => FitQueueOptions.FromConfiguration(sp.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()));
        services.AddSingleton<JourneyStore>();
        services.AddSingleton<Attribution.Ingestion.JourneyIngestion>();
        services.AddSingleton<AttributionRunService>();
        services.AddSingleton<PathAnalysisService>();
        services.AddSingleton<AttributionRoiService>();
        services.AddSingleton<ChannelSpendMappingStore>();
        services.AddSingleton<AttributionMmmService>();
        services.AddSingleton<JourneyHistogramService>();
        services.AddSingleton<ExperimentStore>();
        services.AddSingleton<ExperimentService>();
        services.AddSingleton<ExperimentIngestion>();
        services.AddSingleton<ExperimentResultsService>();
        services.AddSingleton<ExperimentResultsCache>();   // GET …/results by data version
        services.AddOptions<ExperimentOptions>();   // defaults; the host binds the "Experiments" section
        services.AddSingleton<ExperimentAutoAssigner>();
        services.AddSingleton<ExperimentMetaAnalysisService>();
        services.AddSingleton<ExperimentLiftTestService>();
        services.AddSingleton<ExperimentAlertPublisher>();
        services.AddSingleton<Channels.ChannelBoardService>();
        services.AddSingleton<Channels.ChannelCalibrationService>();
        services.AddSingleton<Scenarios.ScenarioStore>();
        services.AddSingleton<Scenarios.ScenarioRealizationService>();
        services.AddSingleton<TaxonomyStore>();
        services.AddSingleton<TaxonomyReports>();
        services.AddSingleton<AlertStore>();
        services.AddMeiroDataQuality();
        services.AddSingleton<ModelConfigStore>();
        services.AddSingleton<Explainability.PeriodSpendReader>();
        services.AddSingleton<Explainability.PeriodDataQualityReader>();
        services.AddSingleton<Explainability.ExplainabilityService>();
        services.AddSingleton<IScheduledTask, DemoSeedTask>();
        services.AddSingleton<ExperimentNightlyTask>();
        services.AddSingleton<IScheduledTask>(sp => sp.GetRequiredService<ExperimentNightlyTask>());
        services.AddMeiroCdpConnector();
        return services;
    }
}
