using MeiroMmm.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace MeiroMmm.Infrastructure.Scheduling;

public static class SchedulingRegistration
{
    /// <summary>
    /// Quartz plus a registrar that gives every <see cref="IScheduledTask"/> a job and, when it has a cron, a trigger.
    /// Scheduling:Tasks:&lt;name&gt;:Cron overrides a task's cron ("off" disables it); Scheduling:Enabled=false schedules
    /// nothing (the CLI can still run tasks). With PostgreSQL or SQL Server the store is Quartz's ADO.NET job store in
    /// clustered mode, so every instance shares one schedule: each firing runs on exactly one instance, and a job whose
    /// instance died is recovered by another. SQLite is one instance, so it keeps the in-memory store.
    /// </summary>
    public static IServiceCollection AddMeiroScheduling(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var database = TryReadDatabase(configuration, contentRoot);
        services.AddQuartz(q =>
        {
            // Nothing scheduled (Scheduling:Enabled=false) needs no shared store, and must not need the database to start.
            if (database is null || database.Provider == DatabaseProvider.Sqlite || !configuration.GetValue("Scheduling:Enabled", true)) return;
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "meiro";
                o.GenerateInstanceId = true;   // a unique id per instance, as clustering requires
            });
            q.UsePersistentStore(store =>
            {
                store.ConfigureStore(o =>
                {
                    o.StoreJobDataAsStrings = true;   // nothing .NET-specific in the shared tables
                    // The qrtz_ tables come from our migration QuartzSchema (Quartz's official script), so the database user
                    // needs no DDL rights at run time; Quartz only checks at start-up that they are all there.
                    o.SchemaProvisioning = SchemaProvisioning.Validate;
                });
                if (database.Provider == DatabaseProvider.Postgres) store.UsePostgres(database.ConnectionString);
                else store.UseSqlServer(database.ConnectionString);
                store.UseClustering(c =>
                {
                    c.CheckinInterval = TimeSpan.FromSeconds(configuration.GetValue("Scheduling:ClusterCheckinSeconds", 7.5));
                    c.CheckinMisfireThreshold = TimeSpan.FromSeconds(configuration.GetValue("Scheduling:ClusterCheckinMisfireSeconds", 20.0));
                });
            });
        });
        // Registered before Quartz's hosted service so jobs exist before the scheduler starts.
        services.AddHostedService(sp => new ScheduledTaskRegistrar(sp.GetRequiredService<ISchedulerFactory>(), sp.GetServices<IScheduledTask>(), configuration));
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>Null when the settings are wrong: StartupPreparation then stops the app with the one-line message.</summary>
    private static DatabaseSettings? TryReadDatabase(IConfiguration configuration, string contentRoot)
    {
        try { return DatabaseSettings.FromConfiguration(configuration, contentRoot); }
        catch (StartupConfigurationException) { return null; }
    }
}

internal sealed class ScheduledTaskRegistrar(ISchedulerFactory schedulerFactory, IEnumerable<IScheduledTask> tasks, IConfiguration configuration) : IHostedService
{
    public const string JobGroup = "meiro";

    public async Task StartAsync(CancellationToken ct)
    {
        bool enabled = configuration.GetValue("Scheduling:Enabled", true);
        var scheduler = await schedulerFactory.GetScheduler(ct);
        foreach (var task in tasks)
        {
            var key = new JobKey(task.Name, JobGroup);
            // RequestRecovery: in a cluster, a firing whose instance died mid-run is run again by another instance once the
            // dead one misses its check-ins (the tasks are re-runnable: each recomputes and stores its latest state).
            var job = JobBuilder.Create<ScheduledTaskJob>().WithIdentity(key).WithDescription(task.Description).StoreDurably().RequestRecovery().Build();
            await scheduler.AddJob(job, AddJobOptions.Replacing, ct);
            string? cron = configuration[$"Scheduling:Tasks:{task.Name}:Cron"] ?? task.DefaultCron;
            var triggerKey = new TriggerKey($"{task.Name}-trigger", JobGroup);
            if (!enabled || cron is null || cron.Equals("off", StringComparison.OrdinalIgnoreCase))
            {
                // A persistent store keeps triggers across restarts: switching a task off must remove its old trigger.
                if (enabled) await scheduler.UnscheduleJob(triggerKey, ct);
                continue;
            }
            if (!CronExpression.TryParse(cron, out _))
                throw new StartupConfigurationException($"Scheduling:Tasks:{task.Name}:Cron '{cron}' is not a valid Quartz cron expression.");
            var existing = await scheduler.GetTrigger(triggerKey, ct) as ICronTrigger;
            if (existing?.CronExpressionString == cron) continue;   // shared store: another instance (or the last start) scheduled it already
            var trigger = TriggerBuilder.Create().ForJob(key).WithIdentity(triggerKey)
                .WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc)).Build();
            if (existing is null) await scheduler.ScheduleJob(trigger, default, ct);
            else await scheduler.RescheduleJob(triggerKey, trigger, ct);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
