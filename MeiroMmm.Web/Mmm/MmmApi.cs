using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MeiroMmm.Web.Mmm;

/// <summary>/api/datasets: list, read, upload (multipart, validated with the engine's rules) and delete MMM datasets.</summary>
public static class MmmApi
{
    public static void MapMmmApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/datasets").WithTags("MMM datasets");
        group.MapGet("/", async (DatasetStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)))
            .WithSummary("List MMM datasets with period range, rows and channels.");
        group.MapGet("/{id:guid}", GetDatasetAsync).WithSummary("One dataset with its columns (values in original units).");
        group.MapGet("/{id:guid}/validate", ValidateAsync)
            .WithSummary("The engine's checks per KPI (all channels and controls; optional l_max, adstock): every problem with its column and row.");
        // The form is read by hand, not bound: bound form parameters would make the endpoint demand an antiforgery
        // token, which API-key clients cannot send. Browser sessions are safe anyway: the SameSite=Lax cookie is not
        // sent on another site's POST.
        group.MapPost("/", UploadAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Upload a CSV or XLSX (multipart field 'file'; wide or tall; sheet names an XLSX sheet), validated like a fit; every problem is returned at once and nothing is saved then.");
        group.MapPost("/upload", UploadAsync).RequireAuthorization(Policies.EditData).WithSummary("Same as POST /api/datasets (the seed's path).");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Delete a dataset with its model runs; 409 while one of its fits is running.");
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

    /// <summary>200 whether valid or not: the answer is the report; 400 only for a bad l_max or adstock.</summary>
    private static async Task<Results<Ok<DatasetValidation>, ValidationProblem, ProblemHttpResult>> ValidateAsync(
        Guid id, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "l_max")] int? lMax, string? adstock, DatasetStore store, CancellationToken ct)
    {
        var shape = AdstockShape.TryParse(adstock ?? "geometric");
        var errors = new Dictionary<string, string[]>();
        if (shape is null) errors["adstock"] = [$"adstock must be one of {string.Join(", ", AdstockShape.All.Select(a => a.Name))}."];
        if (lMax is < 1 or > 52) errors["l_max"] = ["l_max must be between 1 and 52 periods."];
        if (errors.Count > 0 || shape is null) return TypedResults.ValidationProblem(errors);
        var detail = await store.GetAsync(id, ct);
        if (detail is null) return TypedResults.Problem(statusCode: 404, detail: $"Dataset {id} does not exist.");
        return TypedResults.Ok(DatasetValidation.Check(detail, lMax ?? 8, shape));
    }

    /// <summary>
    /// Form fields: file (required; .xlsx is read from its first sheet, or the one named in sheet, else CSV), name, date_column, frequency (weekly|daily), kpis, spend_channels, covariates
    /// (comma-separated or repeated; left out = the wizard's suggestions), pivot (channel|campaign, for tall files).
    /// </summary>
    private static async Task<Results<Created<DatasetSummary>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpRequest request, DatasetStore store, IConfiguration configuration, TimeProvider clock, CancellationToken ct)
    {
        long limit = DatasetUploadLimit.MaxBytes(configuration);
        if (!request.HasFormContentType)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Send multipart/form-data with the file in a field named 'file'."] });
        if (request.ContentLength > limit + 64 * 1024) return TooLarge(limit);
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        if (file is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Attach the CSV file in a field named 'file'."] });
        if (file.Length > limit) return TooLarge(limit);

        DatasetFile read;
        bool byCampaign = string.Equals(form["pivot"], "campaign", StringComparison.OrdinalIgnoreCase);
        if (DatasetFile.IsXlsx(file.FileName))
        {
            // The Open XML SDK needs a seekable stream; the upload is at most Mmm:MaxUploadBytes.
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            read = DatasetFile.ReadXlsx(buffer, form["sheet"].ToString(), byCampaign);
        }
        else
        {
            using var reader = new StreamReader(file.OpenReadStream());
            read = DatasetFile.Read(reader, byCampaign);
        }
        if (read.Wide is null || read.Problems.Count > 0) return TypedResults.ValidationProblem(read.Problems.ToValidationDictionary());

        var roles = ColumnRoleSuggester.Suggest(read.Wide);
        Override(roles, List(form, "kpis"), UploadColumnRole.Kpi);
        Override(roles, List(form, "spend_channels"), UploadColumnRole.Spend);
        Override(roles, List(form, "covariates"), UploadColumnRole.Control);
        if (form["date_column"].ToString() is { Length: > 0 } date) Override(roles, [date], UploadColumnRole.Date);
        var suggested = DatasetImportSpec.FromRoles("", "", roles);
        string frequency = form["frequency"].ToString() is { Length: > 0 } f ? f.ToLowerInvariant()
            : PeriodDates.DetectFrequency(read.Wide, suggested.DateColumn) ?? PeriodDates.Weekly;
        string name = form["name"].ToString() is { Length: > 0 } n ? n : Path.GetFileNameWithoutExtension(file.FileName);
        var spec = suggested with { Name = name, Frequency = frequency };
        var built = DatasetImporter.Build(read.Wide, spec);
        if (!built.IsValid) return TypedResults.ValidationProblem(built.Problems.ToValidationDictionary());
        var saved = await store.SaveAsync(spec.Name, spec.Frequency, built.Data!, "upload", clock.GetUtcNow(), ct);
        return TypedResults.Created($"/api/datasets/{saved.Id}", saved);
    }

    /// <summary>Columns named in a form field get that role; a column named for one role loses any other (only one date column).</summary>
    private static void Override(Dictionary<string, UploadColumnRole> roles, IReadOnlyList<string>? columns, UploadColumnRole role)
    {
        if (columns is null) return;
        foreach (var key in roles.Where(r => r.Value == role).Select(r => r.Key).ToList()) roles[key] = UploadColumnRole.Ignore;
        foreach (var column in columns) roles[roles.Keys.FirstOrDefault(k => string.Equals(k, column, StringComparison.OrdinalIgnoreCase)) ?? column] = role;
    }

    private static IReadOnlyList<string>? List(IFormCollection form, string field) =>
        form.TryGetValue(field, out var values) && values.Count > 0
            ? [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))]
            : null;

    private static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large",
            detail: $"The file is larger than the upload limit of {DatasetUploadLimit.Describe(limit)} (setting Mmm:MaxUploadBytes).");

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, DatasetStore store, ModelRunStore runs, ModelFitRunner runner, CancellationToken ct)
    {
        var live = (await runs.ListAsync(id, ct)).Where(r => runner.Progress(r.Id) is not null).ToList();
        if (live.Count > 0) return TypedResults.Problem(statusCode: 409, detail: $"A fit of this dataset is still running (run {live[0].Id}); cancel it first.");
        return await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : TypedResults.Problem(statusCode: 404, detail: $"Dataset {id} does not exist.");
    }
}
