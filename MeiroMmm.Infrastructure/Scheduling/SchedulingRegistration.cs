using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace MeiroMmm.Infrastructure.Scheduling;

public static class SchedulingRegistration
{
    /// <summary>
    /// Quartz (in-memory store) plus a registrar that gives every <see cref="IScheduledTask"/> a job and, when it has a
    /// cron, a trigger. Scheduling:Tasks:&lt;name&gt;:Cron overrides a task's cron ("off" disables it);
    /// Scheduling:Enabled=false schedules nothing (the CLI can still run tasks).
    /// </summary>
    public static IServiceCollection AddMeiroScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddQuartz();
        // Registered before Quartz's hosted service so jobs exist before the scheduler starts.
        services.AddHostedService(sp => new ScheduledTaskRegistrar(sp.GetRequiredService<ISchedulerFactory>(), sp.GetServices<IScheduledTask>(), configuration));
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
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
            var job = JobBuilder.Create<ScheduledTaskJob>().WithIdentity(key).WithDescription(task.Description).StoreDurably().Build();
            await scheduler.AddJob(job, AddJobOptions.Replacing, ct);
            string? cron = configuration[$"Scheduling:Tasks:{task.Name}:Cron"] ?? task.DefaultCron;
            if (!enabled || cron is null || cron.Equals("off", StringComparison.OrdinalIgnoreCase)) continue;
            if (!CronExpression.TryParse(cron, out _))
                throw new Persistence.StartupConfigurationException($"Scheduling:Tasks:{task.Name}:Cron '{cron}' is not a valid Quartz cron expression.");
            var trigger = TriggerBuilder.Create().ForJob(key).WithIdentity($"{task.Name}-trigger", JobGroup)
                .WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc)).Build();
            await scheduler.ScheduleJob(trigger, default, ct);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
