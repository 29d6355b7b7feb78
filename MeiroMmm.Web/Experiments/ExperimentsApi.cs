using MeiroMmm.Infrastructure.Experiments;

namespace MeiroMmm.Web.Experiments;

public static class ExperimentsApi
{
    public static void MapExperimentsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/experiments").WithTags("Experiments");
        group.MapGet("/", async (ExperimentStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)))
            .WithSummary("List experiments with their group sizes, exposures and outcomes.");
    }
}
