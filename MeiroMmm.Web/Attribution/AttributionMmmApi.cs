using MeiroMmm.Domain.Attribution;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MeiroMmm.Web.Attribution;

/// <summary>
/// /api/attribution routes that look beyond one model run: the path-length and time-to-convert histograms, the
/// conversion keys on stored journeys, and attribution vs the MMM (the channel ↔ spend-column mapping and the comparison).
/// </summary>
public static class AttributionMmmApi
{
    public static void MapAttributionMmmRoutes(this RouteGroupBuilder group)
    {
        group.MapGet("/paths/histograms", HistogramsAsync)
            .WithSummary("Path-length distribution (journeys and conversions per number of touches) and time from first touch to conversion, for a date range and conversion key.");
        group.MapGet("/conversion-keys", async (JourneyStore store, CancellationToken ct) => TypedResults.Ok(await store.ConversionKeysAsync(ct)))
            .WithSummary("The conversion keys on stored converting journeys, with how many conversions each has.");
        group.MapGet("/mmm-mapping/{datasetId:guid}", GetMappingAsync)
            .WithSummary("Which touchpoint channel is compared with which spend column of an MMM dataset: the saved mapping, else a suggestion by name.");
        group.MapPut("/mmm-mapping/{datasetId:guid}", SaveMappingAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Replace the channel ↔ spend-column mapping of an MMM dataset; spend_column null = not compared.");
        group.MapGet("/mmm-comparison/{datasetId:guid}", CompareAsync)
            .WithSummary("Per spend column: attributed conversions and value share (?model=, default markov) beside the newest MMM run's contribution share and ROAS with its 90% interval.");
    }

    public sealed record MappingRequest(IReadOnlyList<MappingLink>? Links);
    public sealed record MappingLink(string? Channel, string? SpendColumn);

    private static async Task<Results<Ok<JourneyHistograms>, ValidationProblem>> HistogramsAsync(
        DateOnly? from, DateOnly? to, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "conversion_key")] string? conversionKey,
        JourneyHistogramService histograms, CancellationToken ct)
    {
        if (from is { } f && to is { } t && f > t)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must not be after to."] });
        return TypedResults.Ok(await histograms.ComputeAsync(from, to, string.IsNullOrWhiteSpace(conversionKey) ? null : conversionKey.Trim(), ct));
    }

    private static async Task<Results<Ok<ChannelSpendMappingView>, ProblemHttpResult>> GetMappingAsync(Guid datasetId, ChannelSpendMappingStore store, CancellationToken ct) =>
        await store.GetAsync(datasetId, ct) is { } view ? TypedResults.Ok(view) : NoDataset(datasetId);

    private static async Task<Results<Ok<ChannelSpendMappingView>, ValidationProblem, ProblemHttpResult>> SaveMappingAsync(
        Guid datasetId, MappingRequest? request, ChannelSpendMappingStore store, CancellationToken ct)
    {
        if (request?.Links is not { } links)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["links"] = ["links is required: a list of { channel, spend_column }."] });
        var (found, errors) = await store.SaveAsync(datasetId, [.. links.Select(l => (l.Channel ?? "", string.IsNullOrWhiteSpace(l.SpendColumn) ? null : l.SpendColumn))], ct);
        if (!found) return NoDataset(datasetId);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        return TypedResults.Ok((await store.GetAsync(datasetId, ct))!);
    }

    private static async Task<Results<Ok<AttributionMmmComparison>, ValidationProblem, ProblemHttpResult>> CompareAsync(
        Guid datasetId, string? model, AttributionMmmService comparisons, CancellationToken ct)
    {
        model ??= AttributionModelCatalog.Markov;
        if (!AttributionModelCatalog.Models.Contains(model))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["model"] = [$"model must be one of {string.Join(", ", AttributionModelCatalog.Models)}, not '{model}'."] });
        return await comparisons.CompareAsync(datasetId, model, ct) is { } comparison ? TypedResults.Ok(comparison) : NoDataset(datasetId);
    }

    private static ProblemHttpResult NoDataset(Guid id) => TypedResults.Problem(statusCode: 404, detail: $"There is no MMM dataset {id}.");
}
