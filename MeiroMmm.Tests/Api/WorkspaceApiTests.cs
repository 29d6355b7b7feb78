using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Api;

public sealed class WorkspaceApiTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Overview_CountsTheDemoWorkspace_InSnakeCase()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var json = JsonDocument.Parse(await client.GetStringAsync("/api/overview", Ct)).RootElement;
        Assert.Equal(1, json.GetProperty("datasets").GetInt32());
        Assert.Equal(3000, json.GetProperty("journeys").GetInt32());
        Assert.True(json.GetProperty("converting_journeys").GetInt32() > 0);
        Assert.True(json.TryGetProperty("demo_seeded_at", out _));
    }

    [Fact]
    public async Task Dataset_ReturnsColumnsAndTheKnownTruth()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var list = JsonDocument.Parse(await client.GetStringAsync("/api/datasets", Ct)).RootElement;
        string id = list[0].GetProperty("id").GetString()!;
        var dataset = JsonDocument.Parse(await client.GetStringAsync($"/api/datasets/{id}", Ct)).RootElement;
        Assert.Equal(156, dataset.GetProperty("dates").GetArrayLength());
        Assert.Equal(156, dataset.GetProperty("columns").GetProperty("tv_spend").GetArrayLength());
        Assert.True(dataset.GetProperty("truth").GetProperty("true_roas").GetProperty("tv_spend").GetDouble() > 0);
    }

    [Fact]
    public async Task MissingDataset_Is404ProblemDetails()
    {
        var client = await app.CreateClientAsync(Roles.Viewer);
        var response = await client.GetAsync($"/api/datasets/{Guid.NewGuid()}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CreateUser_WithBadInput_Returns400NamingEachField()
    {
        var client = await app.CreateClientAsync(Roles.Admin);
        var response = await client.PostAsJsonAsync("/api/admin/users", new { user_name = "", role = "Boss", password = "short" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("user_name", out _));
        Assert.True(errors.TryGetProperty("role", out _));
        Assert.True(errors.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task ApiKeyCreatedOverTheApi_WorksOnce_ThenRevokedIs401()
    {
        var admin = await app.CreateClientAsync(Roles.Admin);
        var created = await admin.PostAsJsonAsync("/api/admin/api-keys", new { name = "warehouse loader", role = "Viewer" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement;
        string secret = body.GetProperty("secret").GetString()!;
        int id = body.GetProperty("key").GetProperty("id").GetInt32();

        var integrator = await app.CreateClientAsync(role: null);
        integrator.DefaultRequestHeaders.Add("X-Api-Key", secret);
        var me = JsonDocument.Parse(await integrator.GetStringAsync("/api/me", Ct)).RootElement;
        Assert.Equal("Viewer", me.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await integrator.GetAsync("/api/admin/users", Ct)).StatusCode);

        var keys = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/api-keys", Ct)).RootElement;
        Assert.DoesNotContain(secret, keys.GetRawText());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/api-keys/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await integrator.GetAsync("/api/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Pages_WithoutSignIn_RedirectToTheSignInPage()
    {
        var client = await app.CreateClientAsync(role: null);
        foreach (var page in new[] { "/", "/mmm", "/attribution", "/experiments", "/taxonomy", "/data-quality", "/data-sources", "/admin" })
        {
            var response = await client.GetAsync(page, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/index.html", Ct)).StatusCode);
        var openApi = await client.GetStringAsync("/openapi/v1.json", Ct);
        Assert.Contains("/api/overview", openApi);
    }
}
