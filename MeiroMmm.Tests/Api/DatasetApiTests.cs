using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Tests.Infrastructure;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Api;

/// <summary>The app with a 4 KB upload limit, to test the limit without a large file.</summary>
public sealed class SmallUploadLimitAppFactory : MeiroAppFactory
{
    public SmallUploadLimitAppFactory() => Settings["Mmm:MaxUploadBytes"] = "4096";
}

/// <summary>/api/datasets on the real host: upload (valid, malformed, too large), list, read, delete with roles.</summary>
public sealed class DatasetApiTests(SmallUploadLimitAppFactory app) : IClassFixture<SmallUploadLimitAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MultipartFormDataContent Form(string csv, string fileName = "weekly.csv", params (string Field, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new StringContent(csv, Encoding.UTF8, "text/csv"), "file", fileName } };
        foreach (var (field, value) in fields) form.Add(new StringContent(value), field);
        return form;
    }

    private async Task<int> CountAsync(HttpClient client) => (await client.GetFromJsonAsync<JsonElement>("/api/datasets", Ct)).GetArrayLength();

    [Fact]
    public async Task Upload_ValidWideCsv_IsSavedListedAndReadable()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var response = await client.PostAsync("/api/datasets", Form(DatasetImportTests.WideCsv(), fields: ("name", "Two KPIs")), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var saved = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Two KPIs", saved.GetProperty("name").GetString());
        Assert.Equal("weekly", saved.GetProperty("frequency").GetString());
        Assert.Equal(["sales", "profit"], saved.GetProperty("kpis").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["tv_spend", "search_spend"], saved.GetProperty("channels").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(12, saved.GetProperty("row_count").GetInt32());

        var id = saved.GetProperty("id").GetGuid();
        var list = await client.GetFromJsonAsync<JsonElement>("/api/datasets", Ct);
        Assert.Contains(list.EnumerateArray(), d => d.GetProperty("id").GetGuid() == id);
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}", Ct);
        Assert.Equal(1020.0, detail.GetProperty("columns").GetProperty("sales")[2].GetDouble());
    }

    [Fact]
    public async Task Validate_ReportsTheEngineChecksPerKpi()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var analyst = await app.CreateClientAsync(Roles.Analyst);
        var saved = await (await analyst.PostAsync("/api/datasets", Form(DatasetImportTests.WideCsv()), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = saved.GetProperty("id").GetGuid();

        var ok = await client.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/validate", Ct);
        Assert.True(ok.GetProperty("valid").GetBoolean());
        Assert.Equal(["sales", "profit"], ok.GetProperty("kpis").EnumerateArray().Select(k => k.GetProperty("kpi").GetString()));

        // 12 weekly rows are too few for l_max 12 (needs 14): each KPI reports it, on the date column.
        var tooShort = await client.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/validate?l_max=12", Ct);
        Assert.False(tooShort.GetProperty("valid").GetBoolean());
        Assert.All(tooShort.GetProperty("kpis").EnumerateArray(), k =>
        {
            Assert.False(k.GetProperty("valid").GetBoolean());
            var problem = Assert.Single(k.GetProperty("problems").EnumerateArray());
            Assert.Equal("date", problem.GetProperty("column").GetString());
            Assert.Contains("need at least 14", problem.GetProperty("message").GetString());
        });

        var bad = await client.GetAsync($"/api/datasets/{id}/validate?adstock=carryover", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/datasets/{Guid.NewGuid()}/validate", Ct)).StatusCode);
    }

    [Fact]
    public async Task Upload_Xlsx_ChosenSheet_IsSavedLikeTheCsv()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var xlsx = Support.XlsxWorkbook.Create(("Read me", [["about"], ["weekly spend"]]), ("Weekly", Support.XlsxWorkbook.Rows(DatasetImportTests.WideCsv())));
        var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx), "file", "weekly.xlsx" }, { new StringContent("Weekly"), "sheet" } };
        var response = await client.PostAsync("/api/datasets", form, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var saved = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("weekly", 12, "2025-01-06"), (saved.GetProperty("name").GetString(), saved.GetProperty("row_count").GetInt32(), saved.GetProperty("period_start").GetString()));
        Assert.Equal(["tv_spend", "search_spend"], saved.GetProperty("channels").EnumerateArray().Select(k => k.GetString()));

        // The first sheet holds no data: every problem is returned and nothing is saved.
        int before = await CountAsync(client);
        var first = new MultipartFormDataContent { { new ByteArrayContent(xlsx), "file", "weekly.xlsx" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/datasets", first, Ct)).StatusCode);
        Assert.Equal(before, await CountAsync(client));
    }

    [Fact]
    public async Task Upload_WithExplicitRoles_UsesThem()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var response = await client.PostAsync("/api/datasets/upload",
            Form(DatasetImportTests.WideCsv(), fields: [("kpis", "profit"), ("spend_channels", "tv_spend"), ("covariates", "")]), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var saved = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(["profit"], saved.GetProperty("kpis").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["tv_spend"], saved.GetProperty("channels").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(0, saved.GetProperty("controls").GetArrayLength());
    }

    [Fact]
    public async Task Upload_MalformedCsv_Returns400WithEveryProblem_AndSavesNothing()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        int before = await CountAsync(client);
        var lines = DatasetImportTests.WideCsv().TrimEnd('\n').Split('\n').ToList();
        lines[3] = lines[3].Replace(",110,", ",n/a,");
        lines[6] = lines[5].Split(',')[0] + lines[6][lines[6].IndexOf(',')..];
        var response = await client.PostAsync("/api/datasets", Form(string.Join('\n', lines)), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var errors = problem.GetProperty("errors");
        Assert.Contains("row 3: 'n/a' is not a number.", errors.GetProperty("tv_spend").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(errors.GetProperty("date").EnumerateArray(), e => e.GetString()!.StartsWith("row 6: duplicate date"));
        Assert.Equal(before, await CountAsync(client));
    }

    [Fact]
    public async Task Upload_LargerThanTheLimit_Returns413()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var response = await client.PostAsync("/api/datasets", Form(DatasetImportTests.WideCsv(rows: 200)), Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Upload_WithoutAFile_Returns400NamingFile()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var response = await client.PostAsJsonAsync("/api/datasets", new { name = "x" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task Delete_ViewerIsForbidden_AnalystDeletes()
    {
        var analyst = await app.CreateClientAsync(Roles.Analyst);
        var saved = await (await analyst.PostAsync("/api/datasets", Form(DatasetImportTests.WideCsv(), fields: ("name", "to delete")), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = saved.GetProperty("id").GetGuid();

        var viewer = await app.CreateClientAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/datasets/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/datasets/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/datasets", Form(DatasetImportTests.WideCsv()), Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await analyst.DeleteAsync($"/api/datasets/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/api/datasets/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.DeleteAsync($"/api/datasets/{id}", Ct)).StatusCode);
    }
}
