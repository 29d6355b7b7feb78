using MeiroMmm.Domain.DataQuality;
using MeiroMmm.Infrastructure.DataQuality;
using MeiroMmm.Infrastructure.Experiments;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Workspace;

/// <summary>What the workspace holds, counted in the database, for the Overview page and GET /api/overview.</summary>
public sealed record WorkspaceOverview(
    int Datasets, int ModelRuns, int CompletedModelRuns, int Journeys, int ConvertingJourneys,
    int Experiments, int RunningExperiments, int OpenAlerts, int ChannelRules, DateTimeOffset? DemoSeededAt);

public sealed class WorkspaceOverviewService(IDbContextFactory<MeiroDbContext> dbFactory)
{
    public async Task<WorkspaceOverview> GetAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var seeded = await db.WorkspaceFlags.AsNoTracking().Where(f => f.Key == Demo.DemoWorkspaceSeeder.SeededFlag).Select(f => (DateTimeOffset?)f.SetAt).SingleOrDefaultAsync(ct);
        return new WorkspaceOverview(
            Datasets: await db.Datasets.CountAsync(ct),
            ModelRuns: await db.ModelRuns.CountAsync(ct),
            CompletedModelRuns: await db.ModelRuns.CountAsync(r => r.Status == Mmm.ModelRunStatus.Completed, ct),
            Journeys: await db.ConversionPaths.CountAsync(ct),
            ConvertingJourneys: await db.ConversionPaths.CountAsync(p => p.Converted, ct),
            Experiments: await db.Experiments.CountAsync(ct),
            RunningExperiments: await db.Experiments.CountAsync(e => e.Status == ExperimentStatus.Running, ct),
            OpenAlerts: await db.AlertEvents.CountAsync(a => a.Status != AlertStatus.Resolved, ct),
            ChannelRules: await db.ChannelRules.CountAsync(ct),
            DemoSeededAt: seeded);
    }
}
