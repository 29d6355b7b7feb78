using System.Text.Json;
using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Quality;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MeiroMmm.Web.Mmm;

/// <summary>/api/models/{id}/…: what a completed run says: contributions, ROAS, export, comparison, optimizer and what-if.</summary>
public static class ModelAnalysisApi
{
    public static void MapModelAnalysis(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}/contrib", ContributionsAsync).WithSummary("Contributions over time (posterior mean, KPI units): baseline, seasonality, controls, channels.");
        group.MapGet("/{id:guid}/diagnostics", DiagnosticsAsync)
            .WithSummary("Plain-language findings about the fit (R-hat, ESS, divergences, E-BFMI, R², MAPE, wide ROAS intervals), each with what it means and what to do.");
        group.MapGet("/{id:guid}/roi", RoiAsync).WithSummary("ROAS per channel with 90% intervals, and marginal ROAS.");
        group.MapGet("/{id:guid}/export", ExportAsync).WithSummary("format=csv (default): channel and parameter summaries, contributions and fit as one tidy CSV; format=json: everything.");
        group.MapGet("/{id:guid}/export.csv", (Guid id, ModelRunStore runs, DatasetStore datasets, CancellationToken ct) => ExportAsync(id, "csv", runs, datasets, ct))
            .WithSummary("Same as export?format=csv (the seed's path).");
        group.MapGet("/compare", CompareAsync).WithSummary("Two runs side by side: ROAS per channel and parameter summaries (?a={id}&b={id}).");
        // Optimize and what-if compute from a stored run and change nothing, so a Viewer may ask them too.
        group.MapPost("/{id:guid}/optimize", OptimizeAsync)
            .WithSummary("The budget allocation with the highest expected KPI over a horizon, within per-channel bounds.");
        group.MapPost("/{id:guid}/what-if", WhatIfAsync)
            .WithSummary("The KPI a given spend per channel is expected to bring over a horizon, with a 90% interval.");
        group.MapPost("/{id:guid}/what_if", WhatIfAsync).WithSummary("Same as what-if (the seed's path).");
    }

    public sealed record ContributionsView(Guid RunId, string Kpi, IReadOnlyList<string> Dates, IReadOnlyList<ContributionComponent> Components);
    public sealed record RunSide(ModelRunSummary Run, IReadOnlyList<ChannelSummary> Channels, IReadOnlyList<ParameterSummary> Parameters, FitQuality Fit);
    public sealed record RunComparison(RunSide A, RunSide B);

    /// <summary>The run loaded for analysis, or the ProblemDetails saying why not (404 missing, 409 not completed).</summary>
    private static async Task<(FittedRun? Fit, ProblemHttpResult? Problem)> LoadAsync(Guid id, ModelRunStore runs, DatasetStore datasets, CancellationToken ct)
    {
        var found = await runs.GetAsync(id, ct);
        if (found is null) return (null, TypedResults.Problem(statusCode: 404, detail: $"Model run {id} does not exist."));
        if (found.Value.Result is null)
            return (null, TypedResults.Problem(statusCode: 409, detail: $"Model run {id} has no result ({found.Value.Run.Status.ToString().ToLowerInvariant()})."));
        var fit = await FittedRun.LoadAsync(id, runs, datasets, ct);
        return fit is null ? (null, TypedResults.Problem(statusCode: 409, detail: $"The dataset or settings of model run {id} are gone.")) : (fit, null);
    }

    private static async Task<Results<Ok<ContributionsView>, ProblemHttpResult>> ContributionsAsync(Guid id, ModelRunStore runs, DatasetStore datasets, CancellationToken ct)
    {
        var (fit, problem) = await LoadAsync(id, runs, datasets, ct);
        if (fit is null) return problem!;
        return TypedResults.Ok(new ContributionsView(id, fit.Run.Kpi, [.. fit.Data.Dates.Select(d => d.ToString("yyyy-MM-dd"))], fit.Components()));
    }

    /// <summary>Serialized with the stored result's options: R-hat of a single chain is NaN, which the default options refuse.</summary>
    private static JsonHttpResult<JsonElement> Json<T>(T value) => TypedResults.Json(JsonSerializer.SerializeToElement(value, StoredFitResult.JsonOptions));

    private static async Task<Results<JsonHttpResult<JsonElement>, ProblemHttpResult>> RoiAsync(Guid id, ModelRunStore runs, CancellationToken ct)
    {
        var found = await runs.GetAsync(id, ct);
        if (found is null) return TypedResults.Problem(statusCode: 404, detail: $"Model run {id} does not exist.");
        if (found.Value.Result is not { } result) return TypedResults.Problem(statusCode: 409, detail: $"Model run {id} has no result yet.");
        return Json(result.Channels);
    }

    /// <summary>Every finding of the run-quality rules, worst first (the same findings /quality grades the run from).</summary>
    private static async Task<Results<Ok<IReadOnlyList<RunDiagnostic>>, ProblemHttpResult>> DiagnosticsAsync(Guid id, ModelRunStore runs, DatasetStore datasets, CancellationToken ct)
    {
        var found = await runs.GetAsync(id, ct);
        if (found is null) return TypedResults.Problem(statusCode: 404, detail: $"Model run {id} does not exist.");
        if (found.Value.Result is not { } result) return TypedResults.Problem(statusCode: 409, detail: $"Model run {id} has no result yet.");
        var dataset = await datasets.GetAsync(found.Value.Run.DatasetId, ct);
        return TypedResults.Ok(RunQualityAssessment.Assess(found.Value.Run, result, dataset?.Data).Findings);
    }

    private static async Task<Results<ContentHttpResult, JsonHttpResult<JsonElement>, ProblemHttpResult, ValidationProblem>> ExportAsync(
        Guid id, string? format, ModelRunStore runs, DatasetStore datasets, CancellationToken ct)
    {
        format = (format ?? "csv").ToLowerInvariant();
        if (format is not ("csv" or "json"))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["format must be csv or json."] });
        var (fit, problem) = await LoadAsync(id, runs, datasets, ct);
        if (fit is null) return problem!;
        if (format == "csv") return TypedResults.Text(RunCsvExport.Write(fit), "text/csv; charset=utf-8");
        var everything = new { run = fit.Run, result = fit.Result, contributions = fit.Components() };
        return Json(everything);
    }

    private static async Task<Results<JsonHttpResult<JsonElement>, ProblemHttpResult, ValidationProblem>> CompareAsync(Guid? a, Guid? b, ModelRunStore runs, CancellationToken ct)
    {
        if (a is null || b is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [a is null ? "a" : "b"] = ["Give two run ids: ?a={id}&b={id}."] });
        var sides = new List<RunSide>();
        foreach (var id in new[] { a.Value, b.Value })
        {
            var found = await runs.GetAsync(id, ct);
            if (found is null) return TypedResults.Problem(statusCode: 404, detail: $"Model run {id} does not exist.");
            if (found.Value.Result is not { } r) return TypedResults.Problem(statusCode: 409, detail: $"Model run {id} has no result yet.");
            sides.Add(new RunSide(found.Value.Run, r.Channels, r.Parameters, r.Fit));
        }
        return Json(new RunComparison(sides[0], sides[1]));
    }

    private static async Task<Results<Ok<BudgetPlanView>, ProblemHttpResult, ValidationProblem>> OptimizeAsync(
        Guid id, OptimizeRequest request, ModelRunStore runs, DatasetStore datasets, CancellationToken ct)
    {
        var (fit, problem) = await LoadAsync(id, runs, datasets, ct);
        if (fit is null) return problem!;
        // The run-quality gate: a not-usable run must not drive a budget; a directional one plans with its reasons attached.
        var quality = RunQualityAssessment.Assess(fit.Run, fit.Result, (await datasets.GetAsync(fit.Run.DatasetId, ct))?.Data);
        if (quality.Grade == RunGrade.NotUsable)
            return TypedResults.Problem(statusCode: 409, title: "This model run is not usable for budget decisions.",
                detail: string.Join(" ", quality.Reasons.Where(r => r.Caps == RunGrade.NotUsable).Select(r => r.Message)),
                extensions: new Dictionary<string, object?> { ["grade"] = "not_usable", ["reasons"] = quality.Reasons.Select(r => r.Message).ToList() });
        var (plan, errors) = BudgetPlanning.Optimize(fit, request.Horizon ?? 13, request.TotalBudget,
            [.. (request.Bounds ?? []).Select(b => b.ToLimit())], request.RiskAversion ?? 0);
        if (plan is null) return TypedResults.ValidationProblem(errors.ToValidationDictionary());
        return TypedResults.Ok(plan with { Warnings = [.. quality.Reasons.Select(r => r.Message)] });
    }

    private static async Task<Results<Ok<WhatIfView>, ProblemHttpResult, ValidationProblem>> WhatIfAsync(
        Guid id, WhatIfRequest request, ModelRunStore runs, DatasetStore datasets, CancellationToken ct)
    {
        var (fit, problem) = await LoadAsync(id, runs, datasets, ct);
        if (fit is null) return problem!;
        var (view, errors) = BudgetPlanning.WhatIf(fit, request.Horizon ?? 13, request.Spend ?? new Dictionary<string, double>());
        return view is null ? TypedResults.ValidationProblem(errors.ToValidationDictionary()) : TypedResults.Ok(view);
    }
}
