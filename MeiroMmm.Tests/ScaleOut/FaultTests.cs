using System.Net;
using System.Text;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.ScaleOut;

/// <summary>Faults at the edges: a database file the app cannot write, a request body over the limit.</summary>
public sealed class FaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadOnlySqliteFile_AtStartUp_EndsWithOneLineNamingTheSettingAndPath()
    {
        string path = TestDatabase.NewSqlitePath();
        await File.WriteAllBytesAsync(path, [], Ct);
        try
        {
            // Mode=ReadOnly: what a read-only volume or a full disk looks like to SQLite (root ignores file permissions).
            var (exitCode, _, error) = await WebExecutable.RunAsync(new Dictionary<string, string>
            {
                ["ConnectionStrings__Meiro"] = $"Data Source={path};Mode=ReadOnly",
                ["Auth__InitialAdminPassword"] = MeiroAppFactory.AdminPassword,
                ["Urls"] = "http://127.0.0.1:0",
            });
            Assert.Equal(1, exitCode);
            string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("Meiro MMM cannot start: ConnectionStrings:Meiro", line);
            Assert.Contains(path, line);
            Assert.Contains("readonly", line.Replace("read-only", "readonly"), StringComparison.OrdinalIgnoreCase);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task RequestBodyOverTheLimit_Answers413_AndStoresNothing()
    {
        await using var app = new MeiroAppFactory();
        app.UseKestrel(0);   // the body limit is Kestrel's; the in-memory test server has none
        app.StartServer();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").Replace("localhost", "127.0.0.1");
        var (key, _) = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync("limit test", Roles.Analyst, "tests", Ct);
        // The client waits for the server's answer to "Expect: 100-continue" instead of starting the upload after the
        // default 1 s: on a loaded machine the 413 came later, the client was mid-upload when Kestrel answered and closed
        // the connection, and the send failed with a reset instead of reading the 413. A server that wanted the body
        // would answer 100 Continue, get it, and the status check below would fail.
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(2) }) { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key!.Secret);
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<MeiroDbContext>>();
        int experimentId;
        int before;
        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
        {
            experimentId = await db.Experiments.Select(e => e.Id).FirstAsync(Ct);
            before = await db.ExperimentExposures.CountAsync(Ct);
        }

        // 31 MB of well-formed exposures: over Kestrel's 30 MB default, so the body is refused before it is read.
        var body = new StringBuilder("{\"exposures\":[");
        for (int i = 0; body.Length < 31_000_000; i++)
            body.Append(i == 0 ? "" : ",").Append("{\"profile_id\":\"p").Append(i).Append("\",\"exposed_at\":\"2026-11-01T00:00:00Z\"}");
        body.Append("]}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/experiments/{experimentId}/exposures")
        {
            Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;   // as curl does for large bodies: the server can refuse before the upload
        var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
            Assert.Equal(before, await db.ExperimentExposures.CountAsync(Ct));
    }
}
