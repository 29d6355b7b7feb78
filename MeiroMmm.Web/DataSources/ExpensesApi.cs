using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Infrastructure.DataSources;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Web.Api;
using MeiroMmm.Web.Mmm;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MeiroMmm.Web.DataSources;

/// <summary>
/// /api/expenses (spend per channel and day: summary, CSV upload) and /api/data-sources/mmm-dataset (journeys and
/// expenses → an MMM dataset: preview, save). docs/CDP.md, "Expenses" and "MMM datasets from journeys".
/// </summary>
public static class ExpensesApi
{
    public const int MaxCsvBytes = 50 * 1024 * 1024;

    public static void MapExpensesApi(this IEndpointRouteBuilder api)
    {
        var expenses = api.MapGroup("/expenses").WithTags("Data sources");
        expenses.MapGet("", async (ExpenseStore store, CancellationToken ct) => TypedResults.Ok(await store.SummaryAsync(ct)))
            .RequireAuthorization(Policies.ReadData).WithSummary("Stored spend per channel and currency: period, rows, total.");
        expenses.MapPost("", UploadAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Upload expenses as CSV (date,channel,campaign,spend,currency); all rows or none; the same key replaces its spend.");
        var dataset = api.MapGroup("/data-sources/mmm-dataset").WithTags("Data sources");
        dataset.MapPost("/preview", PreviewAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("The MMM table journeys and expenses make for a period, with the upload's validation problems.");
        dataset.MapPost("", SaveAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Build and save it as an MMM dataset (origin cdp) with its lineage.");
    }

    private static async Task<Results<Ok<ExpenseImportResult>, ValidationProblem, ProblemHttpResult>> UploadAsync(HttpRequest request, ExpenseStore store, CancellationToken ct)
    {
        if (request.ContentLength > MaxCsvBytes) return TypedResults.Problem($"The file is larger than {MaxCsvBytes / 1024 / 1024} MB.", statusCode: 413);
        using var reader = new StreamReader(request.Body);
        var (rows, problems) = ExpenseStore.ReadCsv(new StringReader(await reader.ReadToEndAsync(ct)));
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems.Take(100).ToValidationDictionary());
        var result = await store.SaveAsync(rows, "upload", ct);
        return result.Problems.Count > 0 ? TypedResults.ValidationProblem(result.Problems.ToValidationDictionary()) : TypedResults.Ok(result);
    }

    public sealed record PreviewRow(DateOnly Date, int Conversions, double ConversionValue, IReadOnlyDictionary<string, double> Spend);

    public sealed record PreviewView(
        DateOnly? From, DateOnly? To, string? Currency, IReadOnlyList<string> ExpenseChannels, IReadOnlyList<string> SpendColumns, int Journeys, int ExpenseRows,
        string? Note, IReadOnlyList<DataProblem> Problems, IReadOnlyList<PreviewRow> Rows)
    {
        public static PreviewView Of(JourneyDatasetPreview p) => new(
            p.Table?.From, p.Table?.To, p.Currency, p.ExpenseChannels, p.Table?.SpendColumns ?? [], p.Journeys, p.ExpenseRows, p.Note, p.Problems,
            p.Table is null ? [] : [.. p.Table.Rows.Select(r => new PreviewRow(r.Date, r.Conversions, r.Value,
                p.Table.SpendColumns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => r.Spend[x.i])))]);
    }

    private static async Task<Ok<PreviewView>> PreviewAsync(JourneyDatasetRequest request, JourneyDatasetBuilder builder, CancellationToken ct) =>
        TypedResults.Ok(PreviewView.Of(await builder.PreviewAsync(request, ct)));

    public sealed record SavedView(DatasetSummary Dataset, PreviewView Preview);

    private static async Task<Results<Created<SavedView>, ValidationProblem>> SaveAsync(JourneyDatasetRequest request, JourneyDatasetBuilder builder, CancellationToken ct)
    {
        var (dataset, preview) = await builder.SaveAsync(request, ct);
        if (dataset is null) return TypedResults.ValidationProblem(preview.Problems.ToValidationDictionary());
        return TypedResults.Created($"/api/datasets/{dataset.Id}", new SavedView(dataset, PreviewView.Of(preview)));
    }
}
