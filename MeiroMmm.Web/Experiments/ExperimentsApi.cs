using MeiroMmm.Domain.Experiments;
using MeiroMmm.Infrastructure.Experiments;
using MeiroMmm.Web.Api;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MeiroMmm.Web.Experiments;

/// <summary>
/// /api/experiments: holdout experiments, their life cycle, machine ingestion (assign, exposures, outcomes; Analyst API
/// keys) and the statistics. Reads need ReadData, everything that writes needs EditData.
/// </summary>
public static class ExperimentsApi
{
    public const int MaxExposurePage = 1000;

    public static void MapExperimentsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/experiments").WithTags("Experiments").RequireAuthorization(Policies.ReadData);
        group.MapGet("/", async (ExperimentStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)))
            .WithSummary("List experiments with their group sizes, exposures and outcomes.");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Create a draft experiment: name, channel, start_at, end_at, treatment_rate (default 0.5), optional key.");
        group.MapPut("/{id:int}", UpdateAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Replace a draft's name, channel, start_at, end_at and treatment_rate (the key stays); 409 once it has started.");
        group.MapGet("/{id:int}", GetAsync).WithSummary("One experiment with its group sizes, exposures and outcomes.");
        group.MapPost("/{id:int}/status", ChangeStatusAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Move the experiment to its next status (draft → running → completed → archived); any other move is 409.");
        group.MapPost("/{id:int}/assign", AssignAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Assign profiles deterministically (up to 10,000 per request); idempotent: a profile keeps its stored group.");
        group.MapPost("/{id:int}/exposures", RecordExposuresAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Record up to 10,000 exposures; idempotent on message_id. Unassigned profiles are reported back.");
        group.MapPost("/{id:int}/outcomes", RecordOutcomesAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Record up to 10,000 outcomes; idempotent on conversion_id, else profile + converted_at + value. Unassigned profiles are reported back.");
        group.MapGet("/{id:int}/results", ResultsAsync)
            .WithSummary("Intention-to-treat and per-protocol uplift with intervals, p-value, SRM check, and value per profile (Welch).");
        group.MapGet("/{id:int}/time-series", TimeSeriesAsync)
            .WithSummary("Cumulative intention-to-treat results per UTC day (freq=D), with the always-valid p-value.");
        group.MapGet("/{id:int}/results/history", HistoryAsync)
            .WithSummary("The stored daily results (one row per UTC day), oldest first.");
        group.MapGet("/{id:int}/exposures", ExposuresAsync)
            .WithSummary("The experiment's exposures, newest first (offset, limit ≤ 1000, default 100).");
        group.MapPost("/{id:int}/auto-assign", AutoAssignAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Assign every profile whose stored conversion paths touch the channel (the experiment's by default) between from and to, or (connection_id, segment_id) every profile of a CDP segment.");
        group.MapGet("/{id:int}/lift-test", LiftTestAsync)
            .WithSummary("A completed experiment's value uplift as an MMM lift test (channel, x, delta_x, delta_y, sigma); spend required, period_days 7 by default, format=csv for the MMM's file.");
        group.MapGet("/meta-analysis", MetaAnalysisAsync)
            .WithSummary("Pool the relative uplift of completed experiments of a channel (or of ids=1,2,3): fixed and random effects, Q, I², τ².");
        group.MapGet("/meta-analysis/lift-test", PooledLiftTestAsync)
            .WithSummary("The channel's completed experiments pooled (random effects on value per profile) as one MMM lift test; profiles_per_period and cost_per_profile required, format=csv for the MMM's file.");
        group.MapPost("/nightly-report", NightlyReportAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Run the nightly report now: complete experiments past their end, store today's results and return them with their alerts.");
        group.MapPost("/power-analysis", PowerAnalysisRun)
            .WithSummary("Sample size per group and duration for a lift (mde), or the achievable mde for n_per_group.");
    }

    private static async Task<Results<Created<ExperimentDetails>, ValidationProblem>> CreateAsync(ExperimentDraft draft, ExperimentService service, CancellationToken ct)
    {
        var op = await service.CreateAsync(draft, ct);
        return op.Value is { } created
            ? TypedResults.Created($"/api/experiments/{created.Id}", created)
            : TypedResults.ValidationProblem(op.Errors.ToValidationDictionary());
    }

    private static async Task<Results<Ok<ExperimentDetails>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        int id, ExperimentDraft draft, ExperimentService service, CancellationToken ct) =>
        ToHttp(await service.UpdateAsync(id, draft, ct));

    private static async Task<Results<Ok<ExperimentDetails>, ProblemHttpResult>> GetAsync(int id, ExperimentService service, CancellationToken ct) =>
        await service.GetAsync(id, ct) is { } details ? TypedResults.Ok(details) : Missing(id);

    private static async Task<Results<Ok<ExperimentDetails>, ValidationProblem, ProblemHttpResult>> ChangeStatusAsync(
        int id, ExperimentStatusRequest request, ExperimentService service, CancellationToken ct) =>
        ToHttp(await service.ChangeStatusAsync(id, request.Status, ct));

    private static async Task<Results<Ok<AssignmentSummary>, ValidationProblem, ProblemHttpResult>> AssignAsync(
        int id, AssignRequest request, ExperimentService service, CancellationToken ct) =>
        ToHttp(await service.AssignAsync(id, request.ProfileIds, request.TreatmentRate, ct));

    private static async Task<Results<Ok<IngestionSummary>, ValidationProblem, ProblemHttpResult>> RecordExposuresAsync(
        int id, ExposureBatch batch, ExperimentIngestion ingestion, CancellationToken ct) =>
        ToHttp(await ingestion.RecordExposuresAsync(id, batch.Exposures, ct));

    private static async Task<Results<Ok<IngestionSummary>, ValidationProblem, ProblemHttpResult>> RecordOutcomesAsync(
        int id, OutcomeBatch batch, ExperimentIngestion ingestion, CancellationToken ct) =>
        ToHttp(await ingestion.RecordOutcomesAsync(id, batch.Outcomes, ct));

    private static async Task<Results<Ok<ExperimentResults>, ProblemHttpResult>> ResultsAsync(int id, ExperimentResultsCache results, CancellationToken ct) =>
        await results.ResultsAsync(id, ct) is { } r ? TypedResults.Ok(r) : Missing(id);

    private static async Task<Results<Ok<ExperimentTimeSeries>, ValidationProblem, ProblemHttpResult>> TimeSeriesAsync(
        int id, string? freq, ExperimentResultsService results, CancellationToken ct)
    {
        if (freq is not null && !string.Equals(freq.Trim(), "D", StringComparison.OrdinalIgnoreCase))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["freq"] = ["freq is D (daily, UTC); no other frequency is offered yet."] });
        return await results.TimeSeriesAsync(id, ct) is { } points ? TypedResults.Ok(new ExperimentTimeSeries(id, "D", points)) : Missing(id);
    }

    private static async Task<Results<Ok<IReadOnlyList<ExperimentResultHistoryEntry>>, ProblemHttpResult>> HistoryAsync(
        int id, ExperimentResultsService results, CancellationToken ct) =>
        await results.HistoryAsync(id, ct) is { } history ? TypedResults.Ok(history) : Missing(id);

    private static async Task<Results<Ok<ExposurePage>, ValidationProblem, ProblemHttpResult>> ExposuresAsync(
        int id, int? offset, int? limit, ExperimentStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (offset is < 0) errors["offset"] = ["offset cannot be negative."];
        if (limit is < 1 or > MaxExposurePage) errors["limit"] = [$"limit must be between 1 and {MaxExposurePage}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return await store.ExposuresAsync(id, offset ?? 0, limit ?? 100, ct) is { } page ? TypedResults.Ok(page) : Missing(id);
    }

    private static async Task<Results<Ok<AutoAssignSummary>, Ok<SegmentAssignSummary>, ValidationProblem, ProblemHttpResult>> AutoAssignAsync(
        int id, AutoAssignRequest request, ExperimentAutoAssigner assigner, CancellationToken ct)
    {
        if (request.ConnectionId is null && request.SegmentId is null)
            return ToHttp(await assigner.AutoAssignAsync(id, request.From, request.To, request.Channel, request.TreatmentRate, ct)).Result switch
            {
                Ok<AutoAssignSummary> ok => ok,
                ValidationProblem invalid => invalid,
                ProblemHttpResult problem => problem,
                var other => throw new InvalidOperationException($"Unexpected result {other}."),
            };
        if (request.From is not null || request.To is not null || request.Channel is not null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["segment_id"] = ["Give either from/to/channel (stored journeys) or connection_id and segment_id (a CDP segment), not both."] });
        try
        {
            return ToHttp(await assigner.AutoAssignFromSegmentAsync(id, request.ConnectionId, request.SegmentId, request.TreatmentRate, ct)).Result switch
            {
                Ok<SegmentAssignSummary> ok => ok,
                ValidationProblem invalid => invalid,
                ProblemHttpResult problem => problem,
                var other => throw new InvalidOperationException($"Unexpected result {other}."),
            };
        }
        catch (SegmentReadException e)
        {
            // The CDP, not the request, failed: 502 with how far it got.
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status502BadGateway, title: "The CDP segment could not be read");
        }
    }

    private static async Task<IResult> LiftTestAsync(
        int id, double? spend, [FromQuery(Name = "period_days")] double? periodDays, string? channel, string? format, ExperimentLiftTestService service, CancellationToken ct)
    {
        bool csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (format is not null && !csv && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["format is json (default) or csv."] });
        var op = await service.ExportAsync(id, spend, periodDays, channel, ct);
        if (csv && op.Value is { } lift) return TypedResults.Text(lift.ToCsv(), "text/csv");
        return ToHttp(op).Result;
    }

    private static async Task<Results<Ok<MetaAnalysisReport>, ValidationProblem, ProblemHttpResult>> MetaAnalysisAsync(
        string? channel, string? ids, ExperimentMetaAnalysisService service, CancellationToken ct)
    {
        var parsed = new List<int>();
        foreach (string part in (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, out int value) || value < 1)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ids"] = [$"ids is a comma-separated list of experiment ids; '{part}' is not one."] });
            parsed.Add(value);
        }
        return ToHttp(await service.AnalyzeAsync(channel, parsed, ct));
    }

    private static async Task<IResult> PooledLiftTestAsync(
        string? channel, [FromQuery(Name = "profiles_per_period")] double? profilesPerPeriod, [FromQuery(Name = "cost_per_profile")] double? costPerProfile,
        [FromQuery(Name = "mmm_channel")] string? mmmChannel, string? format, ExperimentMetaAnalysisService service, CancellationToken ct)
    {
        var op = await service.PooledLiftTestAsync(channel, profilesPerPeriod, costPerProfile, mmmChannel, ct);
        if (op.Value is { } lift && string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)) return TypedResults.Text(lift.ToCsv(), "text/csv");
        return ToHttp(op).Result;
    }

    private static async Task<Ok<NightlyReport>> NightlyReportAsync(ExperimentNightlyTask task, CancellationToken ct) =>
        TypedResults.Ok(await task.RunReportAsync(ct));

    /// <summary>The same JSON as the CLI's <c>experiment power</c>; the mde fields only when n_per_group was given.</summary>
    private static Results<Ok<Dictionary<string, object?>>, ValidationProblem> PowerAnalysisRun(PowerAnalysisInput input)
    {
        var (request, errors) = input.ToRequest();
        if (request is null) return TypedResults.ValidationProblem(errors.ToValidationDictionary());
        var (result, problems) = PowerAnalysis.Run(request);
        if (result is null)
            return TypedResults.ValidationProblem(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
        var json = PowerAnalysisJson.From(request, result);
        return TypedResults.Ok(json);
    }

    private static Results<Ok<T>, ValidationProblem, ProblemHttpResult> ToHttp<T>(ExperimentOperation<T> op) => op.Status switch
    {
        ExperimentOperationStatus.Done when op.Value is { } value => TypedResults.Ok(value),
        ExperimentOperationStatus.Invalid => TypedResults.ValidationProblem(op.Errors.ToValidationDictionary()),
        ExperimentOperationStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: op.Reason),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict with the experiment's status", detail: op.Reason),
    };

    private static ProblemHttpResult Missing(int id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Experiment {id} does not exist.");
}
