using MeiroMmm.Infrastructure.DataQuality;
using MeiroMmm.Web.Api;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MeiroMmm.Web.DataQuality;

/// <summary>
/// /api/notification-channels and the delivery log. Reading needs ReadData and never shows a secret (only has_secret);
/// creating, editing, deleting and test sends need ManageWorkspace.
/// </summary>
public static class NotificationChannelsApi
{
    public static void MapNotificationChannelsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/notification-channels").WithTags("Data quality & alerts").RequireAuthorization(Policies.ReadData);
        group.MapGet("/", async (NotificationChannelStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)))
            .WithSummary("Channels by name; secrets are never returned (has_secret says whether one is set).");
        group.MapGet("/{id}", GetAsync).WithSummary("One channel, without its secret.");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.ManageWorkspace)
            .WithSummary("Create an e-mail (SMTP) or Slack (incoming webhook) channel. The password or webhook URL is encrypted at rest.");
        group.MapPut("/{id}", UpdateAsync).RequireAuthorization(Policies.ManageWorkspace)
            .WithSummary("Edit a channel; leave smtp_password / webhook_url out to keep the stored secret.");
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization(Policies.ManageWorkspace).WithSummary("Delete a channel and its delivery log.");
        group.MapPost("/{id}/test", TestAsync).RequireAuthorization(Policies.ManageWorkspace)
            .WithSummary("Send a test message now (with retries); returns the delivery: status sent or failed, attempts, last_error.");
        group.MapGet("/{id}/deliveries", async (long id, NotificationChannelStore store, int? limit, CancellationToken ct) =>
                TypedResults.Ok(await store.DeliveriesAsync(id, limit ?? 100, ct)))
            .WithSummary("The channel's delivery log, newest first (limit ≤ 500, default 100).");
        api.MapGet("/notification-deliveries", async (NotificationChannelStore store, long? channel_id, int? limit, CancellationToken ct) =>
                TypedResults.Ok(await store.DeliveriesAsync(channel_id, limit ?? 100, ct)))
            .WithTags("Data quality & alerts").RequireAuthorization(Policies.ReadData)
            .WithSummary("Every delivery (alert and test messages), newest first: status, attempts, last_error.");
    }

    private static async Task<Results<Ok<NotificationChannelView>, ProblemHttpResult>> GetAsync(long id, NotificationChannelStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } channel ? TypedResults.Ok(channel) : Missing(id);

    private static async Task<Results<Created<NotificationChannelView>, ValidationProblem>> CreateAsync(NotificationChannelInput input, NotificationChannelStore store, CancellationToken ct)
    {
        var (channel, errors) = await store.CreateAsync(input.ToDraft(), ct);
        return channel is null ? TypedResults.ValidationProblem(errors.ToValidationDictionary()) : TypedResults.Created($"/api/notification-channels/{channel.Id}", channel);
    }

    private static async Task<Results<Ok<NotificationChannelView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(long id, NotificationChannelInput input, NotificationChannelStore store, CancellationToken ct)
    {
        var (channel, errors) = await store.UpdateAsync(id, input.ToDraft(), ct);
        if (channel is not null) return TypedResults.Ok(channel);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors.ToValidationDictionary()) : Missing(id);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, NotificationChannelStore store, CancellationToken ct) =>
        await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : Missing(id);

    private static async Task<Results<Ok<NotificationDelivery>, ProblemHttpResult>> TestAsync(long id, NotificationDispatcher dispatcher, HttpContext http, CancellationToken ct) =>
        await dispatcher.SendTestAsync(id, DataQualityApi.Actor(http), ct) is { } delivery ? TypedResults.Ok(delivery) : Missing(id);

    private static ProblemHttpResult Missing(long id) => TypedResults.Problem(statusCode: 404, detail: $"Notification channel {id} does not exist.");
}
