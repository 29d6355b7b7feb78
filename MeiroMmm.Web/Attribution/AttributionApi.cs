using MeiroMmm.Infrastructure.Attribution;

namespace MeiroMmm.Web.Attribution;

public static class AttributionApi
{
    public static void MapAttributionApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/attribution").WithTags("Attribution");
        group.MapGet("/journeys/summary", async (JourneyStore store, CancellationToken ct) => TypedResults.Ok(await store.SummarizeAsync(ct)))
            .WithSummary("How many journeys are stored, converting and not, with their value and time span.");
    }
}
