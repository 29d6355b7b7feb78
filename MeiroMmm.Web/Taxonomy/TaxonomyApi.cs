using MeiroMmm.Infrastructure.Taxonomy;

namespace MeiroMmm.Web.Taxonomy;

public static class TaxonomyApi
{
    public static void MapTaxonomyApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/taxonomy").WithTags("Taxonomy");
        group.MapGet("/rules", async (TaxonomyStore store, CancellationToken ct) => TypedResults.Ok(await store.LoadRulesAsync(ct)))
            .WithSummary("The channel rules in priority order (lowest first).");
    }
}
