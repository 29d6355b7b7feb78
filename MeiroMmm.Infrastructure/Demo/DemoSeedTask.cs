using MeiroMmm.Infrastructure.Scheduling;

namespace MeiroMmm.Infrastructure.Demo;

/// <summary>`task demo-seed`: adds the demo workspace to a database that does not have it (e.g. a fresh PostgreSQL).</summary>
public sealed class DemoSeedTask(DemoWorkspaceSeeder seeder) : IScheduledTask
{
    public string Name => "demo-seed";
    public string Description => "Add the generated demo workspace (MMM dataset, journeys, taxonomy, experiment) unless it is already there.";
    public string? DefaultCron => null;

    public async Task<string> RunAsync(CancellationToken ct) =>
        await seeder.SeedAsync(ct) ? "demo workspace added" : "demo workspace was already there; nothing changed";
}
