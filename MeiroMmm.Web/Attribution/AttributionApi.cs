using MeiroMmm.Infrastructure.Configs;
using MeiroMmm.Domain.Attribution;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Attribution.Ingestion;
using MeiroMmm.Web.Api;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace MeiroMmm.Web.Attribution;

/// <summary>/api/attribution: journey upload and summary, model runs over stored journeys, stored results, path analysis.</summary>
public static class AttributionApi
{
    /// <summary>The default upload limit (1 GiB); setting <c>Attribution:MaxUploadBytes</c> overrides it.</summary>
    public const long DefaultMaxUploadBytes = 1L << 30;

    public static void MapAttributionApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/attribution").WithTags("Attribution");
        group.MapGet("/journeys/summary", async (JourneyStore store, CancellationToken ct) => TypedResults.Ok(await store.SummarizeAsync(ct)))
            .WithSummary("How many journeys are stored, converting and not, with their value and time span.");
        group.MapGet("/journeys", async (JourneyStore store, CancellationToken ct) => TypedResults.Ok(await store.OverviewAsync(ct)))
            .WithSummary("Stored journeys: counts, value, date range and the channels on them.");
        group.MapPost("/journeys/upload", UploadAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Upload journeys (multipart field 'file', or the raw body): JSON array, JSON Lines or CSV. Streams the file; answers accepted/rejected/duplicates with the first rejects.");
        group.MapGet("/models", () => TypedResults.Ok(AttributionModelCatalog.Models.Select(m => new ModelInfo(m, AttributionModelCatalog.Descriptions[m]))))
            .WithSummary("The attribution models and what each answers.");
        group.MapPost("/run", RunAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Run one model (?model=markov) over the stored journeys with windows, eligibility and date range; stores and returns the result.");
        group.MapPost("/run-all", RunAllAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Run every model on the same journeys and settings; returns the results, the per-channel comparison and ROI per channel from the expenses.");
        group.MapGet("/results", LatestAsync).WithSummary("The newest stored result of every model, with the per-channel comparison and ROI per channel (attributed value ÷ expenses).");
        group.MapGet("/results/{model}", LatestOfModelAsync).WithSummary("The newest stored result of one model, with the settings it used.");
        group.MapGet("/paths", PathsAsync)
            .WithSummary("Top paths (conversions, conversion rate, value, time to convert), path lengths, Markov transitions and removal effects.");
        group.MapAttributionMmmRoutes();
    }

    public sealed record ModelInfo(string Name, string Description);
    /// <summary>The results, all models side by side per channel, and ROI per channel (empty when no expenses are stored).</summary>
    public sealed record ComparisonResponse(IReadOnlyList<StoredAttributionResult> Results, IReadOnlyList<ChannelComparison> Comparison, IReadOnlyList<ChannelRoi> Roi);

    private static async Task<ComparisonResponse> CompareAsync(IReadOnlyList<StoredAttributionResult> results, AttributionRoiService roi, CancellationToken ct)
    {
        var comparison = AttributionComparison.Of(results);
        return new ComparisonResponse(results, comparison, await roi.ComputeAsync(results, comparison, ct));
    }

    private static async Task<Results<Ok<IngestionSummary>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpContext http, JourneyIngestion ingestion, IConfiguration configuration, IAntiforgery antiforgery,
        string? format, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "max_rejects")] int? maxRejects, CancellationToken ct)
    {
        long limit = configuration.GetValue("Attribution:MaxUploadBytes", DefaultMaxUploadBytes);
        if (http.Request.ContentLength > limit + MultipartAllowance(limit))
            return TooLarge(limit);
        // Requests signed in by cookie must carry the antiforgery token: a multipart form is what another site could post.
        if (!http.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName))
        {
            try { await antiforgery.ValidateRequestAsync(http); }
            catch (AntiforgeryValidationException) { return TypedResults.Problem(statusCode: 400, detail: "Cookie-authenticated uploads need the antiforgery token; integrations should send X-Api-Key."); }
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit + MultipartAllowance(limit);
        JourneyFileFormat? requested = JourneyFileFormats.Parse(format);
        if (format is not null && requested is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [$"format must be json, jsonl or csv, not '{format}'."] });
        int reported = Math.Clamp(maxRejects ?? 100, 0, 1000);

        try
        {
            if (MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType) && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                string? boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
                if (string.IsNullOrEmpty(boundary)) return NoFile("the multipart body has no boundary.");
                var reader = new MultipartReader(boundary, http.Request.Body);
                while (await reader.ReadNextSectionAsync(ct) is { } section)
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition()) continue;
                    string? name = HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    var stream = new CountingStream(section.Body, limit);
                    var summary = await ingestion.IngestAsync(stream, requested ?? JourneyFileFormats.FromName(name, section.ContentType), "upload", reported, null, ct);
                    return TypedResults.Ok(summary);
                }
                return NoFile("the multipart body has no file part; send the journeys as the form field 'file'.");
            }
            var body = new CountingStream(http.Request.Body, limit);
            return TypedResults.Ok(await ingestion.IngestAsync(body, requested ?? JourneyFileFormats.FromName(null, http.Request.ContentType), "upload", reported, null, ct));
        }
        catch (UploadTooLargeException) { return TooLarge(limit); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return TooLarge(limit); }
    }

    /// <summary>Room for multipart headers and boundaries around a file of the maximum size.</summary>
    private static long MultipartAllowance(long limit) => Math.Min(64 * 1024, limit);

    private static ProblemHttpResult TooLarge(long limit) => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        detail: $"The upload is larger than the limit of {limit:N0} bytes (setting Attribution:MaxUploadBytes). Journeys stored before the limit was reached stay stored; re-uploading them later does not count them twice.");

    private static ValidationProblem NoFile(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [message] });

    private static async Task<Results<Ok<StoredAttributionResult>, ValidationProblem>> RunAsync(
        string? model, AttributionRunRequest? request, AttributionRunService runs, ModelConfigStore configs, CancellationToken ct)
    {
        if (model is null || !AttributionModelCatalog.Models.Contains(model))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["model"] = [$"model must be one of {string.Join(", ", AttributionModelCatalog.Models)}{(model is null ? "" : $", not '{model}'")}."],
            });
        request ??= new AttributionRunRequest();
        var settings = request.ToSettings(await configs.GetActiveForRunAsync(request.ConversionKey, ct));
        var errors = AttributionRunRequest.Check(settings).ToList();
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors.ToValidationDictionary());
        return TypedResults.Ok((await runs.RunAsync([model], settings, ct))[0]);
    }

    private static async Task<Results<Ok<ComparisonResponse>, ValidationProblem>> RunAllAsync(
        AttributionRunRequest? request, AttributionRunService runs, ModelConfigStore configs, AttributionRoiService roi, CancellationToken ct)
    {
        request ??= new AttributionRunRequest();
        var settings = request.ToSettings(await configs.GetActiveForRunAsync(request.ConversionKey, ct));
        var errors = AttributionRunRequest.Check(settings).ToList();
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors.ToValidationDictionary());
        return TypedResults.Ok(await CompareAsync(await runs.RunAsync(AttributionModelCatalog.Models, settings, ct), roi, ct));
    }

    private static async Task<Ok<ComparisonResponse>> LatestAsync(AttributionRunService runs, AttributionRoiService roi, CancellationToken ct) =>
        TypedResults.Ok(await CompareAsync(await runs.LatestAsync(ct), roi, ct));

    private static async Task<Results<Ok<StoredAttributionResult>, ProblemHttpResult>> LatestOfModelAsync(string model, AttributionRunService runs, CancellationToken ct)
    {
        if (!AttributionModelCatalog.Models.Contains(model))
            return TypedResults.Problem(statusCode: 404, detail: $"There is no attribution model '{model}'; the models are {string.Join(", ", AttributionModelCatalog.Models)}.");
        return await runs.LatestAsync(model, ct) is { } result
            ? TypedResults.Ok(result)
            : TypedResults.Problem(statusCode: 404, detail: $"Model '{model}' has not been run yet: POST /api/attribution/run?model={model}.");
    }

    private static async Task<Results<Ok<PathAnalysis>, ValidationProblem>> PathsAsync(int? limit, DateOnly? from, DateOnly? to, PathAnalysisService paths, CancellationToken ct)
    {
        if (limit is < 1 or > 1000) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit must be 1–1000."] });
        return TypedResults.Ok(await paths.AnalyzeAsync(limit ?? 20, from, to, ct));
    }
}
