using Microsoft.Extensions.Logging;
using Quartz;

namespace MeiroMmm.Infrastructure.Scheduling;

/// <summary>The one Quartz job type: it looks up the <see cref="IScheduledTask"/> named in its job key and runs it.</summary>
[DisallowConcurrentExecution]
public sealed class ScheduledTaskJob(IEnumerable<IScheduledTask> tasks, ILogger<ScheduledTaskJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        string name = context.JobDetail.Key.Name;
        var task = tasks.SingleOrDefault(t => t.Name == name);
        if (task is null)
        {
            logger.LogError("Scheduled job {Job} has no task of that name.", name);
            return;
        }
        try
        {
            string summary = await task.RunAsync(cancellationToken);
            logger.LogInformation("Task {Task} finished: {Summary}", name, summary);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Quartz would only log it too; this keeps the task name in the message.
            logger.LogError(e, "Task {Task} failed.", name);
            throw new JobExecutionException(e);
        }
    }
}
