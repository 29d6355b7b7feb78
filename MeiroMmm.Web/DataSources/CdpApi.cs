using MeiroMmm.Infrastructure.DataSources;
using MeiroMmm.Web.Api;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MeiroMmm.Web.DataSources;

/// <summary>
/// /api/connectors/meiro: CDP connections (Admin), test, sync and the import log; the webhook is anonymous at the
/// auth layer and authenticated by its HMAC signature instead (docs/CDP.md).
/// </summary>
public static class CdpApi
{
    public const int MaxWebhookBytes = 10 * 1024 * 1024;

    public static void MapCdpApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/connectors/meiro").WithTags("Data sources");
        group.MapGet("", async (CdpConnectionStore store, CancellationToken ct) => TypedResults.Ok((await store.ListAsync(ct)).Select(CdpConnectionView.Of).ToList()))
            .RequireAuthorization(Policies.ReadData).WithSummary("The CDP connections (secrets only as api_key_set / webhook_secret_set).");
        group.MapPost("", CreateAsync).RequireAuthorization(Policies.ManageWorkspace).WithSummary("Create a CDP connection (Admin).");
        group.MapPut("/{id:int}", UpdateAsync).RequireAuthorization(Policies.ManageWorkspace).WithSummary("Change a connection; omitted secrets are kept (Admin).");
        group.MapPost("/{id:int}/test", TestAsync).RequireAuthorization(Policies.ManageWorkspace)
            .WithSummary("Reachability, authorization and the first record mapped to a journey.");
        group.MapPost("/{id:int}/sync", SyncAsync).RequireAuthorization(Policies.ManageWorkspace)
            .WithSummary("Run a full or incremental sync now and return its import-log row.");
        group.MapGet("/{id:int}/runs", RunsAsync).RequireAuthorization(Policies.ReadData).WithSummary("The import log, newest first.");
        // Anonymous for the auth layer: the CDP has no API key of ours; the HMAC signature authenticates the call.
        group.MapPost("/webhook", WebhookAsync).AllowAnonymous().WithSummary("Pushed CDP records, signed with X-Meiro-Signature.");
    }

    private static async Task<Results<Created<CdpConnectionView>, ValidationProblem>> CreateAsync(CdpConnectionInput input, CdpConnectionStore store, CancellationToken ct)
    {
        var (connection, errors) = await store.CreateAsync(input, ct);
        if (connection is null) return TypedResults.ValidationProblem(errors.ToValidationDictionary());
        return TypedResults.Created($"/api/connectors/meiro/{connection.Id}", CdpConnectionView.Of(connection));
    }

    private static async Task<Results<Ok<CdpConnectionView>, ValidationProblem, NotFound>> UpdateAsync(int id, CdpConnectionInput input, CdpConnectionStore store, CancellationToken ct)
    {
        var (connection, errors) = await store.UpdateAsync(id, input, ct);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors.ToValidationDictionary());
        return connection is null ? TypedResults.NotFound() : TypedResults.Ok(CdpConnectionView.Of(connection));
    }

    private static async Task<Results<Ok<CdpTestResult>, NotFound>> TestAsync(int id, CdpConnectionStore store, CdpSyncService sync, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok(await sync.TestAsync(id, ct));
    }

    private static async Task<Results<Ok<CdpSyncRun>, ValidationProblem, NotFound>> SyncAsync(int id, string? mode, CdpConnectionStore store, CdpSyncService sync, CancellationToken ct)
    {
        CdpSyncMode parsed;
        if (string.IsNullOrEmpty(mode) || mode == "incremental") parsed = CdpSyncMode.Incremental;
        else if (mode == "full") parsed = CdpSyncMode.Full;
        else return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["mode"] = ["mode must be full or incremental."] });
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok(await sync.SyncAsync(id, parsed, null, ct));
    }

    private static async Task<Results<Ok<List<CdpSyncRun>>, NotFound>> RunsAsync(int id, CdpConnectionStore store, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok((await store.RunsAsync(id, 100, ct)).ToList());
    }

    private static async Task<IResult> WebhookAsync(HttpRequest request, int? connection, CdpWebhookReceiver receiver, CancellationToken ct)
    {
        if (request.ContentLength > MaxWebhookBytes) return TypedResults.Problem($"The body is larger than {MaxWebhookBytes} bytes.", statusCode: 413);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxWebhookBytes) return TypedResults.Problem($"The body is larger than {MaxWebhookBytes} bytes.", statusCode: 413);
        var (outcome, run, message) = await receiver.ReceiveAsync(connection, request.Headers[CdpWebhookReceiver.SignatureHeader].FirstOrDefault(), buffer.ToArray(), ct);
        return outcome switch
        {
            CdpWebhookOutcome.BadSignature => TypedResults.Problem(message, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized"),
            CdpWebhookOutcome.BadBody => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [message] }),
            _ => TypedResults.Ok(run),
        };
    }
}
