using MeiroMmm.Infrastructure.DataSources;
using MeiroMmm.Web.Api;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

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
        group.MapPost("/test", TestSettingsAsync).RequireAuthorization(Policies.ManageWorkspace)
            .WithSummary("The same test for settings not saved yet (connection_id: use that connection's stored API key when none is sent).");
        group.MapPost("/{id:int}/sync", SyncAsync).RequireAuthorization(Policies.ManageWorkspace)
            .WithSummary("Queue a full or incremental sync; 202 with the run to poll (409 when one is queued or running already).");
        group.MapGet("/{id:int}/runs", RunsAsync).RequireAuthorization(Policies.ReadData).WithSummary("The import log, newest first.");
        group.MapGet("/runs/{runId:long}", RunAsync).RequireAuthorization(Policies.ReadData).WithSummary("One sync: status and progress counters.");
        group.MapPost("/runs/{runId:long}/cancel", CancelAsync).RequireAuthorization(Policies.ManageWorkspace)
            .WithSummary("Cancel a queued sync, or stop a running one after its current page.");
        group.MapGet("/{id:int}/rejects", RejectsAsync).RequireAuthorization(Policies.ReadData).WithSummary("Quarantined records with their reason (status=open|all).");
        group.MapPost("/{id:int}/rejects/reprocess", ReprocessAsync).RequireAuthorization(Policies.ManageWorkspace)
            .WithSummary("Map the open quarantined records again with the current mapping; those that now map are stored.");
        group.MapPost("/{id:int}/expenses/import", ImportExpensesAsync).RequireAuthorization(Policies.ManageWorkspace)
            .WithSummary("Read the connection's expenses endpoint into the expenses table: rows updated since the expenses watermark (mode=incremental, default) or all (mode=full).");
        group.MapGet("/{id:int}/segments", SegmentsAsync).RequireAuthorization(Policies.ReadData)
            .WithSummary("The CDP's segments (id, name, size) from the connection's segments endpoint; experiments auto-assign from one.");
        group.MapGet("/webhook/deliveries/{deliveryId:long}", DeliveryAsync).RequireAuthorization(Policies.ReadData).WithSummary("One webhook delivery: pending, applied or failed.");
        // Anonymous for the auth layer: the CDP has no API key of ours; the HMAC signature authenticates the call.
        group.MapPost("/webhook", WebhookAsync).AllowAnonymous().WithSummary("Pushed CDP records, signed with X-Meiro-Signature; 202 once stored, applied by the worker.");
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

    /// <summary>200 with the list; a CDP that cannot be asked (or no segments endpoint) is a 502 / 400 naming the problem.</summary>
    private static async Task<Results<Ok<IReadOnlyList<CdpSegment>>, ValidationProblem, NotFound, ProblemHttpResult>> SegmentsAsync(int id, CdpSegments segments, CancellationToken ct)
    {
        var list = await segments.ListAsync(id, ct);
        if (list is null) return TypedResults.NotFound();
        if (list.Problem is null) return TypedResults.Ok(list.Segments);
        var connection = await segments.ConnectionAsync(id, ct);
        return connection?.SegmentsEndpoint is null
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["segments_endpoint"] = [list.Problem] })
            : TypedResults.Problem(list.Problem, statusCode: StatusCodes.Status502BadGateway, title: "The CDP's segments could not be read");
    }

    private static async Task<Results<Ok<CdpTestResult>, NotFound>> TestAsync(int id, CdpConnectionStore store, CdpSyncService sync, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok(await sync.TestAsync(id, ct));
    }

    private static async Task<Results<Ok<CdpTestResult>, ValidationProblem, NotFound>> TestSettingsAsync(
        CdpConnectionInput input, [FromQuery(Name = "connection_id")] int? connectionId, CdpConnectionStore store, CdpSyncService sync, CdpSecrets secrets, CancellationToken ct)
    {
        CdpConnection? stored = null;
        if (connectionId is { } id && (stored = await store.GetAsync(id, ct)) is null) return TypedResults.NotFound();
        var errors = CdpConnectionStore.Validate(input with { Name = input.Name ?? stored?.Name ?? "test" }, creating: stored is null);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors.ToValidationDictionary());
        string apiKey = !string.IsNullOrWhiteSpace(input.ApiKey) ? input.ApiKey.Trim() : secrets.Unprotect(stored!.ApiKeyProtected);
        var mapper = new CdpRecordMapper(input.FieldMapping ?? new CdpFieldMapping(),
            CdpRecordMapper.ParseTypes(string.Join(',', input.TouchpointEventTypes ?? [])), CdpRecordMapper.ParseTypes(string.Join(',', input.ConversionEventTypes ?? [])));
        return TypedResults.Ok(await sync.TestAsync(input.BaseUrl!.Trim(), input.Endpoint!.Trim().Trim('/'), apiKey, mapper, ct));
    }

    private static async Task<Results<Accepted<CdpSyncRun>, Conflict<CdpSyncRun>, ValidationProblem, NotFound>> SyncAsync(int id, string? mode, CdpConnectionStore store, CdpSyncService sync, CancellationToken ct)
    {
        CdpSyncMode parsed;
        if (string.IsNullOrEmpty(mode) || mode == "incremental") parsed = CdpSyncMode.Incremental;
        else if (mode == "full") parsed = CdpSyncMode.Full;
        else return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["mode"] = ["mode must be full or incremental."] });
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        var (run, alreadyActive) = await sync.EnqueueAsync(id, parsed, ct);
        return alreadyActive ? TypedResults.Conflict(run) : TypedResults.Accepted($"/api/connectors/meiro/runs/{run.Id}", run);
    }

    private static async Task<Results<Ok<List<CdpSyncRun>>, NotFound>> RunsAsync(int id, CdpConnectionStore store, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok((await store.RunsAsync(id, 100, ct)).ToList());
    }

    private static async Task<Results<Ok<CdpSyncRun>, NotFound>> RunAsync(long runId, CdpSyncService sync, CancellationToken ct) =>
        await sync.GetRunAsync(runId, ct) is { } run ? TypedResults.Ok(run) : TypedResults.NotFound();

    private static async Task<Results<Ok<CdpSyncRun>, Conflict<CdpSyncRun>, NotFound>> CancelAsync(long runId, CdpSyncService sync, CancellationToken ct)
    {
        var (run, wasActive) = await sync.CancelAsync(runId, ct);
        if (run is null) return TypedResults.NotFound();
        return wasActive ? TypedResults.Ok(run) : TypedResults.Conflict(run);
    }

    public sealed record RejectList(int Open, int Total, IReadOnlyList<CdpRejectedRecord> Items);

    private static async Task<Results<Ok<RejectList>, ValidationProblem, NotFound>> RejectsAsync(int id, string? status, CdpConnectionStore store, CdpQuarantine quarantine, CancellationToken ct)
    {
        if (status is not (null or "open" or "all")) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["status must be open or all."] });
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        var (rows, open, total) = await quarantine.ListAsync(id, status != "all", 500, ct);
        return TypedResults.Ok(new RejectList(open, total, rows));
    }

    private static async Task<Results<Ok<CdpReprocessResult>, NotFound>> ReprocessAsync(int id, CdpQuarantine quarantine, CancellationToken ct) =>
        await quarantine.ReprocessAsync(id, ct) is { } result ? TypedResults.Ok(result) : TypedResults.NotFound();

    private static async Task<Results<Ok<ExpenseImportResult>, ValidationProblem, NotFound, ProblemHttpResult>> ImportExpensesAsync(int id, string? mode, ExpenseStore expenses, CancellationToken ct)
    {
        ExpenseImportMode parsed;
        if (string.IsNullOrEmpty(mode) || mode == "incremental") parsed = ExpenseImportMode.Incremental;
        else if (mode == "full") parsed = ExpenseImportMode.Full;
        else return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["mode"] = ["mode must be full or incremental."] });
        ExpenseImportResult? result;
        try { result = await expenses.ImportFromCdpAsync(id, parsed, ct); }
        catch (CdpRequestException ex) { return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status502BadGateway, title: "The CDP refused the request"); }
        catch (HttpRequestException ex) { return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status502BadGateway, title: "The CDP is not reachable"); }
        if (result is null) return TypedResults.NotFound();
        return result.Problems.Count > 0 ? TypedResults.ValidationProblem(result.Problems.ToValidationDictionary()) : TypedResults.Ok(result);
    }

    public sealed record DeliveryView(long Id, int ConnectionId, DateTimeOffset ReceivedAt, CdpWebhookDeliveryStatus Status, long? RunId, DateTimeOffset? AppliedAt, string? Error);

    private static DeliveryView View(CdpWebhookDelivery d) => new(d.Id, d.ConnectionId, d.ReceivedAt, d.Status, d.RunId, d.AppliedAt, d.Error);

    private static async Task<Results<Ok<DeliveryView>, NotFound>> DeliveryAsync(long deliveryId, CdpWebhookReceiver receiver, CancellationToken ct) =>
        await receiver.GetDeliveryAsync(deliveryId, ct) is { } d ? TypedResults.Ok(View(d)) : TypedResults.NotFound();

    private static async Task<IResult> WebhookAsync(HttpRequest request, int? connection, CdpWebhookReceiver receiver, CancellationToken ct)
    {
        if (request.ContentLength > MaxWebhookBytes) return TypedResults.Problem($"The body is larger than {MaxWebhookBytes} bytes.", statusCode: 413);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxWebhookBytes) return TypedResults.Problem($"The body is larger than {MaxWebhookBytes} bytes.", statusCode: 413);
        var (outcome, delivery, message) = await receiver.ReceiveAsync(connection, request.Headers[CdpWebhookReceiver.SignatureHeader].FirstOrDefault(), buffer.ToArray(), ct);
        return outcome switch
        {
            CdpWebhookOutcome.BadSignature => TypedResults.Problem(message, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized"),
            CdpWebhookOutcome.BadBody => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [message] }),
            _ => TypedResults.Accepted($"/api/connectors/meiro/webhook/deliveries/{delivery!.Id}",
                new { delivery_id = delivery.Id, status = delivery.Status, duplicate = outcome == CdpWebhookOutcome.Duplicate, message }),
        };
    }
}
