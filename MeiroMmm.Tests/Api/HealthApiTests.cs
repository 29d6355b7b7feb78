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

internal static class HealthProbe
{
    /// <summary>GET /api/health without credentials: status code and the three fields.</summary>
    public static async Task<(HttpStatusCode Code, string? Status, string? Database, string? Version)> GetAsync(MeiroAppFactory app)
    {
        var client = await app.CreateClientAsync(role: null);
        var response = await client.GetAsync("/api/health", TestContext.Current.CancellationToken);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        return (response.StatusCode, json.GetProperty("status").GetString(), json.GetProperty("database").GetString(), json.GetProperty("version").GetString());
    }
}

public sealed class HealthApiTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
{
    [Fact]
    public async Task Health_WithoutCredentials_Returns200WithStatusDatabaseAndVersion()
    {
        var (code, status, database, version) = await HealthProbe.GetAsync(app);
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("healthy", status);
        Assert.Equal("sqlite reachable", database);
        Assert.Matches(@"^\d+\.\d+\.\d+", version);
    }
}

public sealed class HealthUnreachableTests(UnreachableDatabaseAppFactory app) : IClassFixture<UnreachableDatabaseAppFactory>
{
    [Fact]
    public async Task Health_WhenTheDatabaseIsUnreachable_Returns503()
    {
        var (code, status, database, _) = await HealthProbe.GetAsync(app);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Equal("unhealthy", status);
        Assert.Equal("postgres unreachable", database);
    }
}
