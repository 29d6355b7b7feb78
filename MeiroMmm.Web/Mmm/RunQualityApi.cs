using System.Text.Json;
using MeiroMmm.Infrastructure.Mmm;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MeiroMmm.Web.Mmm;

/// <summary>/api/models/{id}/quality and /explained: may this run drive a budget, and what each channel's curve says at current spend.</summary>
public static class RunQualityApi
{
    public static void MapRunQuality(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}/quality", QualityAsync)
            .WithSummary("The run-quality gate: not_usable / directional / usable with reasons, and each media parameter's prior-to-posterior shift.");
        group.MapGet("/{id:guid}/explained", ExplainedAsync)
            .WithSummary("Per channel at current spend: contribution share, marginal ROAS, elasticity and quadrant (?horizon=13).");
    }

    private static JsonHttpResult<JsonElement> Json<T>(T value) => TypedResults.Json(JsonSerializer.SerializeToElement(value, StoredFitResult.JsonOptions));

    private static async Task<Results<JsonHttpResult<JsonElement>, ProblemHttpResult>> QualityAsync(Guid id, ModelRunStore runs, DatasetStore datasets, CancellationToken ct)
    {
        var found = await runs.GetAsync(id, ct);
        if (found is null) return TypedResults.Problem(statusCode: 404, detail: $"Model run {id} does not exist.");
        if (found.Value.Result is null) return TypedResults.Problem(statusCode: 409, detail: $"Model run {id} has no result yet.");
        return Json(await RunQualityAssessment.LoadAsync(id, runs, datasets, ct));
    }

    private static async Task<Results<JsonHttpResult<JsonElement>, ProblemHttpResult, ValidationProblem>> ExplainedAsync(
        Guid id, int? horizon, ModelRunStore runs, DatasetStore datasets, CancellationToken ct)
    {
        if (horizon is < 1 or > 520) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["horizon"] = ["horizon must be between 1 and 520 periods."] });
        var found = await runs.GetAsync(id, ct);
        if (found is null) return TypedResults.Problem(statusCode: 404, detail: $"Model run {id} does not exist.");
        if (found.Value.Result is null) return TypedResults.Problem(statusCode: 409, detail: $"Model run {id} has no result yet.");
        var fit = await FittedRun.LoadAsync(id, runs, datasets, ct);
        if (fit is null) return TypedResults.Problem(statusCode: 409, detail: $"The dataset or settings of model run {id} are gone.");
        return Json(RunExplanation.Explain(fit, horizon ?? 13));
    }
}
