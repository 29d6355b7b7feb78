using System.Net;
using System.Text.Json;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Api;

public sealed class HealthApiTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
{
    [Fact]
    public async Task Health_WithoutCredentials_Returns200WithStatusDatabaseAndVersion()
    {
        var client = await app.CreateClientAsync(role: null);
        var response = await client.GetAsync("/api/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("healthy", json.GetProperty("status").GetString());
        Assert.Equal("sqlite reachable", json.GetProperty("database").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", json.GetProperty("version").GetString());
    }
}
