using System.Net;
using System.Text.Json;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Api;

/// <summary>An app whose PostgreSQL is gone (nothing listens on port 1): health must say so with 503.</summary>
public sealed class UnreachableDatabaseAppFactory : MeiroAppFactory
{
    public UnreachableDatabaseAppFactory()
    {
        Settings["Database:Provider"] = "Postgres";
        Settings["ConnectionStrings:Meiro"] = "Host=127.0.0.1;Port=1;Database=meiro;Timeout=2";
        Settings["Database:MigrateOnStartup"] = "false";
    }
}

public sealed class HealthUnreachableTests(UnreachableDatabaseAppFactory app) : IClassFixture<UnreachableDatabaseAppFactory>
{
    [Fact]
    public async Task Health_WhenTheDatabaseIsUnreachable_Returns503()
    {
        var client = await app.CreateClientAsync(role: null);
        var response = await client.GetAsync("/api/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("unhealthy", json.GetProperty("status").GetString());
        Assert.Equal("postgres unreachable", json.GetProperty("database").GetString());
    }
}
