using MeiroMmm.Domain.DataQuality;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>
/// Sends alerts and test messages. Every message is first stored as a pending delivery, then tried with retries and
/// exponential back-off (Polly); the outcome, attempts and last error are written to the delivery log. A channel that
/// fails only marks its delivery failed: it never throws into the DQ run, and later runs try the failed deliveries
/// again, so the alert is not lost. A singleton.
/// </summary>
public sealed class NotificationDispatcher(
    IDbContextFactory<MeiroDbContext> dbFactory,
    NotificationChannelStore channels,
    IEnumerable<INotificationSender> senders,
    NotificationRetrySettings retry,
    TimeProvider clock,
    ILogger<NotificationDispatcher> logger)
{
    /// <summary>After this many tries in all (about four nightly runs), a delivery stays failed.</summary>
    public const int MaxTotalAttempts = 12;
    /// <summary>Failed deliveries older than this are not retried: a week-old alert is news no more.</summary>
    public static readonly TimeSpan RetryWindow = TimeSpan.FromDays(7);

    private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
            MaxRetryAttempts = retry.AttemptsPerRun - 1,
            Delay = retry.BaseDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    public static string AlertSubject(AlertEvent alert) => $"[{alert.Severity.ToString().ToUpperInvariant()}] {alert.RuleName}";

    public static string AlertBody(AlertEvent alert) =>
        $"{alert.Message}\nMetric: {alert.MetricKey}{(alert.Source is null ? "" : $" ({alert.Source})")}\n" +
        $"Raised: {alert.CreatedAt:yyyy-MM-dd HH:mm} UTC · alert #{alert.Id} · open the Alerts inbox in Meiro MMM to acknowledge it.";

    /// <summary>Stores one pending delivery per enabled channel of the rule; <see cref="DeliverDueAsync"/> sends them.</summary>
    public async Task<int> QueueAlertAsync(AlertEvent alert, IReadOnlyList<long> channelIds, string? prefix, CancellationToken ct)
    {
        if (channelIds.Count == 0) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var enabled = await db.NotificationChannels.Where(c => channelIds.Contains(c.Id) && c.Enabled).Select(c => c.Id).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (long id in enabled)
            db.NotificationDeliveries.Add(new NotificationDelivery
            {
                ChannelId = id, AlertEventId = alert.Id, Purpose = "alert", Subject = Cut((prefix ?? "") + AlertSubject(alert), 400),
                Body = Cut(AlertBody(alert), 4000), Status = DeliveryStatus.Pending, CreatedAt = now,
            });
        await db.SaveChangesAsync(ct);
        return enabled.Count;
    }

    /// <summary>Tries every pending delivery and every failed one still worth retrying. Returns (sent, failed).</summary>
    public async Task<(int Sent, int Failed)> DeliverDueAsync(CancellationToken ct)
    {
        var since = clock.GetUtcNow() - RetryWindow;
        List<long> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            due = await db.NotificationDeliveries
                .Where(d => d.Status == DeliveryStatus.Pending || (d.Status == DeliveryStatus.Failed && d.Attempts < MaxTotalAttempts && d.CreatedAt >= since))
                .OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
        int sent = 0, failed = 0;
        foreach (long id in due)
        {
            var delivery = await DeliverAsync(id, ct);
            if (delivery?.Status == DeliveryStatus.Sent) sent++; else failed++;
        }
        return (sent, failed);
    }

    /// <summary>Sends a test message to one channel now (with the same retries); null when the channel does not exist.</summary>
    public async Task<NotificationDelivery?> SendTestAsync(long channelId, string actor, CancellationToken ct)
    {
        long id;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var channel = await db.NotificationChannels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId, ct);
            if (channel is null) return null;
            var now = clock.GetUtcNow();
            var delivery = new NotificationDelivery
            {
                ChannelId = channelId, Purpose = "test", Subject = "Meiro MMM test notification",
                Body = $"Test message for channel '{channel.Name}', sent by {actor} at {now:yyyy-MM-dd HH:mm} UTC. Alerts will arrive here.",
                Status = DeliveryStatus.Pending, CreatedAt = now,
            };
            db.NotificationDeliveries.Add(delivery);
            await db.SaveChangesAsync(ct);
            id = delivery.Id;
        }
        return await DeliverAsync(id, ct);
    }

    private async Task<NotificationDelivery?> DeliverAsync(long deliveryId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var delivery = await db.NotificationDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, ct);
        if (delivery is null) return null;
        int attempts = 0;
        try
        {
            var target = await channels.LoadTargetAsync(delivery.ChannelId, ct) ?? throw new InvalidOperationException("The channel no longer exists.");
            var sender = senders.SingleOrDefault(s => s.Kind == target.Kind) ?? throw new InvalidOperationException($"No sender for {target.Kind} channels.");
            await _pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                await sender.SendAsync(target, delivery.Subject, delivery.Body, token);
            }, ct);
            delivery.Status = DeliveryStatus.Sent;
            delivery.SentAt = clock.GetUtcNow();
            delivery.LastError = null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            delivery.Status = DeliveryStatus.Failed;
            delivery.LastError = Cut($"{e.GetType().Name}: {e.Message}", 2000);
            logger.LogWarning("Notification delivery {Delivery} to channel {Channel} failed after {Attempts} attempt(s): {Error}", delivery.Id, delivery.ChannelId, attempts, e.Message);
        }
        delivery.Attempts += Math.Max(attempts, 1);
        delivery.LastAttemptAt = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);   // the outcome is recorded even when the run is being cancelled
        return delivery;
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
