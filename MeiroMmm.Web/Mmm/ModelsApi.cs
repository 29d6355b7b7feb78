using System.Text.Json;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Web.Api;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MeiroMmm.Web.Mmm;

/// <summary>/api/models: start, list, read and cancel model runs. Fits run in the background; poll GET /api/models/{id}.</summary>
public static class ModelsApi
{
    public static void MapModelsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/models").WithTags("MMM model runs").RequireAuthorization(Policies.ReadData);
        group.MapPost("/", StartAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Queue a fit of one KPI of a dataset; answers 202 with the run id at once.");
        group.MapGet("/", async (Guid? datasetId, ModelRunStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(datasetId, ct)))
            .WithSummary("Model runs, newest first, with status and settings.");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One run: status, live progress while it runs, the result when completed.");
        group.MapPost("/{id:guid}/cancel", CancelAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Stop a queued or running fit; it is marked cancelled within about a second.");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Delete an ended run with its results; 409 while it is queued or running (cancel it first).");
        group.MapModelAnalysis();
        group.MapRunQuality();
    }

    public sealed record RunAccepted(Guid Id, string Status, string Location);
    public sealed record ModelRunDetails(ModelRunSummary Run, FitSnapshot? Progress, JsonElement? Result);

    private static async Task<Results<Accepted<RunAccepted>, ValidationProblem>> StartAsync(ModelRunRequest request, ModelFitRunner runner, CancellationToken ct)
    {
        var missing = request.CheckRequired().ToList();
        if (missing.Count > 0) return TypedResults.ValidationProblem(missing.ToValidationDictionary());
        var start = await runner.StartAsync(request.ToSettings(), ct);
        if (start.RunId is not { } id) return TypedResults.ValidationProblem(start.Errors.ToValidationDictionary());
        string location = $"/api/models/{id}";
        return TypedResults.Accepted(location, new RunAccepted(id, "queued", location));
    }

    private static async Task<Results<Ok<ModelRunDetails>, ProblemHttpResult>> GetAsync(Guid id, ModelRunStore store, ModelFitRunner runner, CancellationToken ct)
    {
        var found = await store.GetAsync(id, ct);
        if (found is not { } run) return TypedResults.Problem(statusCode: 404, detail: $"Model run {id} does not exist.");
        // The stored JSON goes out as it is: it already is snake_case, and NaN diagnostics stay readable.
        JsonElement? result = run.Result is null ? null : JsonSerializer.SerializeToElement(run.Result, StoredFitResult.JsonOptions);
        return TypedResults.Ok(new ModelRunDetails(run.Run, runner.Progress(id), result));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> CancelAsync(Guid id, ModelRunStore store, ModelFitRunner runner, CancellationToken ct)
    {
        if (runner.Cancel(id)) return TypedResults.Accepted($"/api/models/{id}");
        var found = await store.GetAsync(id, ct);
        return found is null
            ? TypedResults.Problem(statusCode: 404, detail: $"Model run {id} does not exist.")
            : TypedResults.Problem(statusCode: 409, detail: $"Model run {id} has already ended ({found.Value.Run.Status.ToString().ToLowerInvariant()}).");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, ModelRunStore store, ModelFitRunner runner, CancellationToken ct)
    {
        // A run this instance still samples (or mirrors) is live even if its row already says otherwise for a moment.
        if (runner.Progress(id) is { } live)
            return TypedResults.Problem(statusCode: 409, detail: $"Model run {id} is {live.Status.ToString().ToLowerInvariant()}; cancel it first (POST /api/models/{id}/cancel).");
        return await store.DeleteAsync(id, ct) switch
        {
            ModelRunDeletion.Deleted => TypedResults.NoContent(),
            ModelRunDeletion.StillLive => TypedResults.Problem(statusCode: 409, detail: $"Model run {id} is queued or running; cancel it first (POST /api/models/{id}/cancel)."),
            _ => TypedResults.Problem(statusCode: 404, detail: $"Model run {id} does not exist."),
        };
    }
}
