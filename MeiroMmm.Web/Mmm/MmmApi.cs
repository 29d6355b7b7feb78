using MeiroMmm.Infrastructure.Mmm;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MeiroMmm.Web.Mmm;

public static class MmmApi
{
    public static void MapMmmApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/datasets").WithTags("MMM datasets");
        group.MapGet("/", async (DatasetStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)))
            .WithSummary("List MMM datasets with period range, rows and channels.");
        group.MapGet("/{id:guid}", GetDatasetAsync).WithSummary("One dataset with its columns (values in original units).");
    }

    public sealed record DatasetColumns(DatasetSummary Summary, IReadOnlyList<string> Dates, IReadOnlyDictionary<string, double[]> Columns, System.Text.Json.JsonElement? Truth);

    private static async Task<Results<Ok<DatasetColumns>, ProblemHttpResult>> GetDatasetAsync(Guid id, DatasetStore store, CancellationToken ct)
    {
        var detail = await store.GetAsync(id, ct);
        if (detail is null) return TypedResults.Problem(statusCode: 404, detail: $"Dataset {id} does not exist.");
        var columns = detail.Data.Kpis.Concat(detail.Data.Channels).Concat(detail.Data.Controls).ToDictionary(s => s.Name, s => s.Values);
        var truth = detail.TruthJson is null ? (System.Text.Json.JsonElement?)null : System.Text.Json.JsonDocument.Parse(detail.TruthJson).RootElement;
        return TypedResults.Ok(new DatasetColumns(detail.Summary, [.. detail.Data.Dates.Select(d => d.ToString("yyyy-MM-dd"))], columns, truth));
    }
}
