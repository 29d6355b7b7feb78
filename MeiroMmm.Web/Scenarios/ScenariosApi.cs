using System.Security.Claims;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Scenarios;
using MeiroMmm.Web.Api;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MeiroMmm.Web.Scenarios;

/// <summary>/api/scenarios: saved budget plans, side-by-side comparison, adoption and realization against later data.</summary>
public static class ScenariosApi
{
    public static void MapScenariosApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/scenarios").WithTags("Budget scenarios").RequireAuthorization(Policies.ReadData);
        group.MapGet("/", ListAsync).WithSummary("Saved scenarios, newest first (?horizon=13, ?run_id=).");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Optimize a run's budget (as /api/models/{id}/optimize) and save the plan with its assumptions as a named scenario.");
        group.MapGet("/compare", CompareAsync).WithSummary("2 to 6 scenarios side by side (?ids=1,2): per channel planned spend and expected KPI with 90% interval.");
        group.MapGet("/{id:int}", GetAsync).WithSummary("One scenario: assumptions and plan per channel.");
        group.MapDelete("/{id:int}", DeleteAsync).RequireAuthorization(Policies.EditData).WithSummary("Delete a scenario.");
        group.MapPost("/{id:int}/adopt", async (int id, ClaimsPrincipal user, ScenarioStore store, CancellationToken ct) =>
                ToHttp(await store.AdoptAsync(id, ActorName.Of(user), ct)))
            .RequireAuthorization(Policies.EditData)
            .WithSummary("Mark a scenario as the plan in force; an adopted scenario of the same dataset and KPI whose horizon overlaps is un-adopted.");
        group.MapGet("/{id:int}/realization", RealizationAsync)
            .WithSummary("Planned vs actual spend per channel and predicted vs actual KPI per period and in total, with 90% predictive intervals and flags (?dataset_id= to choose the actuals).");
    }

    private static async Task<Ok<IReadOnlyList<ScenarioSummary>>> ListAsync(int? horizon, [FromQuery(Name = "run_id")] Guid? runId, ScenarioStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(horizon, runId, ct));

    private static async Task<Results<Ok<ScenarioDetail>, ProblemHttpResult>> GetAsync(int id, ScenarioStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } detail ? TypedResults.Ok(detail) : TypedResults.Problem(statusCode: 404, detail: $"Scenario {id} does not exist.");

    private static async Task<Results<Created<ScenarioDetail>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ScenarioRequest request, ClaimsPrincipal user, ScenarioStore store, CancellationToken ct)
    {
        var draft = new ScenarioDraft(request.Name ?? "", request.Description, request.RunId ?? Guid.Empty, request.Horizon ?? 13, request.TotalBudget,
            [.. (request.Bounds ?? []).Select(b => b.ToLimit())], request.RiskAversion ?? 0);
        var outcome = await store.CreateAsync(draft, ActorName.Of(user), ct);
        return outcome.Status switch
        {
            StoreOutcomeStatus.Done when outcome.Value is { } created => TypedResults.Created($"/api/scenarios/{created.Scenario.Id}", created),
            StoreOutcomeStatus.Invalid => TypedResults.ValidationProblem(outcome.Errors.ToValidationDictionary()),
            StoreOutcomeStatus.NotFound => TypedResults.Problem(statusCode: 404, detail: outcome.Reason),
            _ => TypedResults.Problem(statusCode: 409, detail: outcome.Reason),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(int id, ScenarioStore store, CancellationToken ct) =>
        await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : TypedResults.Problem(statusCode: 404, detail: $"Scenario {id} does not exist.");

    private static async Task<Results<Ok<ScenarioComparison>, ValidationProblem, ProblemHttpResult>> CompareAsync(string? ids, ScenarioStore store, CancellationToken ct)
    {
        var parts = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var parsed = parts.Select(p => int.TryParse(p, out int v) ? v : (int?)null).ToList();
        if (parsed.Any(p => p is null))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ids"] = ["ids is a comma-separated list of scenario ids, e.g. ids=1,2."] });
        return ToHttp(await store.CompareAsync([.. parsed.Select(p => p!.Value).Distinct()], ct));
    }

    private static async Task<Results<Ok<ScenarioRealizationView>, ValidationProblem, ProblemHttpResult>> RealizationAsync(
        int id, [FromQuery(Name = "dataset_id")] Guid? datasetId, ScenarioRealizationService realization, CancellationToken ct) =>
        ToHttp(await realization.RealizeAsync(id, datasetId, ct));

    private static Results<Ok<T>, ValidationProblem, ProblemHttpResult> ToHttp<T>(StoreOutcome<T> op) => op.Status switch
    {
        StoreOutcomeStatus.Done when op.Value is { } value => TypedResults.Ok(value),
        StoreOutcomeStatus.Invalid => TypedResults.ValidationProblem(op.Errors.ToValidationDictionary()),
        StoreOutcomeStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: op.Reason),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: op.Reason),
    };
}
