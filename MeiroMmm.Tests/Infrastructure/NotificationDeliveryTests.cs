using MeiroMmm.Domain.Attribution;
using MeiroMmm.Domain.DataQuality;
using MeiroMmm.Infrastructure.DataQuality;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>
/// Notifications to a real SMTP listener and a real HTTP listener on loopback (no client is mocked): delivery,
/// retries with back-off, a listener that is down, and the delivery log.
/// </summary>
public sealed class NotificationDeliveryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Night = new(2026, 3, 10, 1, 30, 0, TimeSpan.Zero);

    private static async Task<ServiceProvider> WorkspaceAsync(IEnumerable<Journey>? journeys = null)
    {
        var (services, _) = await DataQualityRunTests.WorkspaceAsync(journeys ?? [], Night);
        return services;
    }

    private static NotificationChannelDraft Email(int port, string? user = null, string? password = null) =>
        new("ops mail", NotificationChannelKind.Email, true, new EmailChannelSettings("127.0.0.1", port, "none", user, "meiro@example.com", ["ops@example.com", "cto@example.com"]), password);

    [Fact]
    public async Task Email_ArrivesAtARealSmtpListener_WithAuth_AndThePasswordIsEncryptedAtRest()
    {
        await using var smtp = new SmtpTestServer();
        var services = await WorkspaceAsync();
        var store = services.GetRequiredService<NotificationChannelStore>();
        var (channel, errors) = await store.CreateAsync(Email(smtp.Port, "mailer", "s3cret-pass"), Ct);
        Assert.Empty(errors);
        Assert.True(channel!.HasSecret);

        var delivery = await services.GetRequiredService<NotificationDispatcher>().SendTestAsync(channel.Id, "admin", Ct);

        Assert.Equal((DeliveryStatus.Sent, 1), (delivery!.Status, delivery.Attempts));
        var message = Assert.Single(smtp.Messages);
        Assert.Equal("<meiro@example.com>", message.From);
        Assert.Equal(["<ops@example.com>", "<cto@example.com>"], message.To);
        Assert.Contains("Subject: Meiro MMM test notification", message.Data);
        Assert.Equal("\0mailer\0s3cret-pass", message.AuthPlain);
        await using var db = await services.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct);
        var row = await db.NotificationChannels.SingleAsync(Ct);
        Assert.DoesNotContain("s3cret-pass", row.ProtectedSecret!);
        Assert.DoesNotContain("s3cret-pass", row.SettingsJson);
    }

    [Fact]
    public async Task Slack_PostsJsonToTheWebhook_AndRetriesA503WithBackOff()
    {
        await using var webhook = new WebhookTestServer(FreePort.Next(), failFirst: 2);
        var services = await WorkspaceAsync();
        var (channel, _) = await services.GetRequiredService<NotificationChannelStore>()
            .CreateAsync(new NotificationChannelDraft("ops slack", NotificationChannelKind.Slack, true, null, webhook.Url), Ct);
        Assert.Equal("127.0.0.1", channel!.WebhookHost);

        var delivery = await services.GetRequiredService<NotificationDispatcher>().SendTestAsync(channel.Id, "admin", Ct);

        Assert.Equal((DeliveryStatus.Sent, 3), (delivery!.Status, delivery.Attempts));   // 503, 503, 200
        Assert.Equal(3, webhook.Requests);
        using var json = System.Text.Json.JsonDocument.Parse(Assert.Single(webhook.Bodies));
        Assert.StartsWith("*Meiro MMM test notification*", json.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task ListenerDown_DeliveryFailsAfterItsAttempts_TheAlertIsKept_AndTheNextRunDeliversIt()
    {
        int port = FreePort.Next();   // nothing listens here yet
        var journeys = new[] { new Journey("p1", [new Touchpoint("x", Night.AddDays(-5), Source: "google", Medium: "cpc")], 1, true, "o1", Night.AddDays(-5)) };
        var services = await WorkspaceAsync(journeys);
        var (channel, _) = await services.GetRequiredService<NotificationChannelStore>()
            .CreateAsync(new NotificationChannelDraft("ops slack", NotificationChannelKind.Slack, true, null, $"http://127.0.0.1:{port}/hook"), Ct);
        var rules = services.GetRequiredService<AlertRuleStore>();
        await rules.EnsureDefaultsAsync(Ct);
        var freshness = (await rules.ListAsync(Ct)).Single(r => r.MetricKey == "freshness_hours");
        await rules.UpdateAsync(freshness.Id, new AlertRuleDraft(freshness.Name, freshness.MetricKey, freshness.Source, freshness.RuleType, null,
            freshness.Threshold, null, null, freshness.Severity, true, [channel!.Id]), Ct);
        var runs = services.GetRequiredService<DqRunService>();
        var log = services.GetRequiredService<NotificationChannelStore>();

        var first = await runs.RunAsync(null, Ct);   // completes although the channel is down

        Assert.Equal((0, 1), (first.NotificationsSent, first.NotificationsFailed));
        var failed = Assert.Single(await log.DeliveriesAsync(channel.Id, 10, Ct));
        Assert.Equal((DeliveryStatus.Failed, 3, "alert"), (failed.Status, failed.Attempts, failed.Purpose));
        Assert.Contains("HttpRequestException", failed.LastError);
        Assert.NotNull(failed.AlertEventId);
        Assert.Equal(AlertStatus.Open, (await services.GetRequiredService<AlertStore>().GetAsync(failed.AlertEventId!.Value, Ct))!.Status);

        await using var webhook = new WebhookTestServer(port);   // the listener comes up
        var second = await runs.RunAsync(null, Ct);

        Assert.Equal((1, 0), (second.NotificationsSent, second.NotificationsFailed));
        var sent = Assert.Single(await log.DeliveriesAsync(channel.Id, 10, Ct));   // the same delivery, retried; no duplicate
        Assert.Equal((DeliveryStatus.Sent, 4, null), (sent.Status, sent.Attempts, sent.LastError));
        Assert.Contains("No new journeys for 24 h", Assert.Single(webhook.Bodies));
    }

    [Fact]
    public async Task SmtpDown_TestSendFails_WithTheErrorInTheLog()
    {
        int port = FreePort.Next();
        var services = await WorkspaceAsync();
        var (channel, _) = await services.GetRequiredService<NotificationChannelStore>().CreateAsync(Email(port), Ct);
        var delivery = await services.GetRequiredService<NotificationDispatcher>().SendTestAsync(channel!.Id, "admin", Ct);
        Assert.Equal((DeliveryStatus.Failed, 3), (delivery!.Status, delivery.Attempts));
        Assert.Contains("Socket", delivery.LastError);

        await using var smtp = new SmtpTestServer(port);
        Assert.Equal((1, 0), await services.GetRequiredService<NotificationDispatcher>().DeliverDueAsync(Ct));
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task ChannelStore_RefusesBadSettings_AndKeepsTheSecretWhenEditedWithoutOne()
    {
        var services = await WorkspaceAsync();
        var store = services.GetRequiredService<NotificationChannelStore>();
        var (_, errors) = await store.CreateAsync(new NotificationChannelDraft("", NotificationChannelKind.Email, true,
            new EmailChannelSettings("", 0, "tls", "user", "nobody", ["ops"]), null), Ct);
        Assert.Equal(["email_from", "email_to", "name", "smtp_host", "smtp_password", "smtp_port", "smtp_security"], errors.Select(e => e.Field).Distinct().Order());
        var (_, slackErrors) = await store.CreateAsync(new NotificationChannelDraft("s", NotificationChannelKind.Slack, true, null, "not a url"), Ct);
        Assert.Equal("webhook_url", Assert.Single(slackErrors).Field);

        var (created, _) = await store.CreateAsync(new NotificationChannelDraft("s", NotificationChannelKind.Slack, true, null, "https://hooks.slack.com/services/T/B/x"), Ct);
        var (edited, _) = await store.UpdateAsync(created!.Id, new NotificationChannelDraft("s renamed", NotificationChannelKind.Slack, false, null, null), Ct);
        Assert.Equal(("s renamed", false, true, "hooks.slack.com"), (edited!.Name, edited.Enabled, edited.HasSecret, edited.WebhookHost));
        Assert.Equal("https://hooks.slack.com/services/T/B/x", (await store.LoadTargetAsync(created.Id, Ct))!.Secret);
    }
}
