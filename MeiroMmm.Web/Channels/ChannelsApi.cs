using MeiroMmm.Infrastructure.Channels;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Web.Api;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MeiroMmm.Web.Channels;

/// <summary>/api/channels: one view of each channel from attribution, the MMM and experiments; calibrating the MMM with an experiment.</summary>
public static class ChannelsApi
{
    public sealed record CalibrateRequest(int? ExperimentId);

    public static void MapChannelsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/channels").WithTags("Channel board").RequireAuthorization(Policies.ReadData);
        group.MapGet("/board", async (string? model, ChannelBoardService board, CancellationToken ct) => TypedResults.Ok(await board.BuildAsync(model, ct)))
            .WithSummary("Per channel: attribution ROI (?model=markov), MMM ROAS with 90% interval, experiments' incremental ROAS and their pool, and disagreements.");
        group.MapPost("/calibrate", CalibrateAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Send a completed experiment to the MMM as a lift test: refits the board's MMM run with it; poll the new run, then /api/models/compare.");
    }

    private static async Task<Results<Accepted<CalibrationStarted>, ValidationProblem, ProblemHttpResult>> CalibrateAsync(
        CalibrateRequest request, ChannelCalibrationService calibration, CancellationToken ct)
    {
        if (request.ExperimentId is not { } id)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["experiment_id"] = ["experiment_id is required."] });
        var outcome = await calibration.CalibrateAsync(id, ct);
        return outcome.Status switch
        {
            StoreOutcomeStatus.Done when outcome.Value is { } started => TypedResults.Accepted($"/api/models/{started.RefitRunId}", started),
            StoreOutcomeStatus.Invalid => TypedResults.ValidationProblem(outcome.Errors.ToValidationDictionary()),
            StoreOutcomeStatus.NotFound => TypedResults.Problem(statusCode: 404, detail: outcome.Reason),
            _ => TypedResults.Problem(statusCode: 409, detail: outcome.Reason),
        };
    }
}
