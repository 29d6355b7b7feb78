using MeiroMmm.Infrastructure.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Support;

/// <summary>
/// The real app on a real SQLite file of its own (deleted on dispose), with a known admin password and scheduling off.
/// Settings can be added per test class through <see cref="Settings"/> before the host starts.
/// </summary>
public class MeiroAppFactory : WebApplicationFactory<Program>
{
    public const string AdminPassword = "test-admin-password";
    private readonly string _sqlitePath = TestDatabase.NewSqlitePath();

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Database:Provider"] = "Sqlite",
        ["Auth:Mode"] = "Local",
        ["Auth:InitialAdminPassword"] = AdminPassword,
        ["Scheduling:Enabled"] = "false",
        ["Demo:Seed"] = "true",
        ["Demo:FitModel"] = "false",   // the demo's background fit would slow every test; ModelRunDemoTests turns it on
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.IdentityModel"] = "Critical",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets();   // package assets (MudBlazor, Blazor's JS) as in Development, from the build output
        builder.UseSetting("Database:SqlitePath", _sqlitePath);
        builder.UseSetting("DataProtection:KeysPath", _sqlitePath + ".keys");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>An HTTP client sending a fresh API key of <paramref name="role"/>, or no credentials when role is null.</summary>
    public async Task<HttpClient> CreateClientAsync(string? role)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (role is null) return client;
        var (created, _) = await Services.GetRequiredService<ApiKeyService>().CreateAsync($"test {role} {Guid.NewGuid():N}", role, "tests", CancellationToken.None);
        client.DefaultRequestHeaders.Add("X-Api-Key", created!.Secret);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_sqlitePath)!, Path.GetFileName(_sqlitePath) + "*")) File.Delete(file);
        if (Directory.Exists(_sqlitePath + ".keys")) Directory.Delete(_sqlitePath + ".keys", recursive: true);
    }
}
