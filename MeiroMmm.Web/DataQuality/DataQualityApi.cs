using MeiroMmm.Infrastructure.DataQuality;

namespace MeiroMmm.Web.DataQuality;

public static class DataQualityApi
{
    public static void MapDataQualityApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/alerts").WithTags("Data quality & alerts");
        group.MapGet("/", async (AlertStore store, bool? open, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(open ?? true, ct)))
            .WithSummary("Alert events, newest first (open ones only unless open=false).");
    }
}
