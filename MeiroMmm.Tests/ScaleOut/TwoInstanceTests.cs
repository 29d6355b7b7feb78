using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Tests.Support;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.ScaleOut;

/// <summary>Two app instances on one PostgreSQL database: one schedule, one fit queue, one key ring.</summary>
public sealed class TwoInstanceTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private DatabaseSettings _database = default!;
    private ClusterNode _a = default!;
    private ClusterNode _b = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.NewPostgresAsync();
        _a = new ClusterNode("a", _database.ConnectionString, seedDemo: true);
        _a.StartServer();   // migrates and seeds first; B then starts on a ready database
        _b = new ClusterNode("b", _database.ConnectionString, seedDemo: false);
        _b.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task ScheduledTask_FiresOncePerSchedule_NotOncePerInstance()
    {
        var from = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(9), Ct);
        var runs = TickTask.Runs.Where(r => r.Cluster == _a.Cluster && r.At >= from).OrderBy(r => r.At).ToList();

        // Every 2 s for 9 s: 4 or 5 firings. Once per instance would give twice that, two at a time.
        Assert.InRange(runs.Count, 3, 5);
        for (int i = 1; i < runs.Count; i++)
            Assert.True(runs[i].At - runs[i - 1].At > TimeSpan.FromSeconds(1), $"two runs {runs[i].At - runs[i - 1].At} apart: {string.Join(", ", runs)}");
    }

    [Fact]
    public async Task TenFits_QueuedThroughEitherInstance_AllComplete_SpreadOverBoth()
    {
        var dataset = (await _a.Services.GetRequiredService<DatasetStore>().ListAsync(Ct)).First(d => d.Origin == "demo");
        var ids = new List<Guid>();
        for (int i = 0; i < 10; i++)
        {
            var runner = (i % 2 == 0 ? _a : _b).Services.GetRequiredService<ModelFitRunner>();
            var settings = new ModelRunSettings(dataset.Id, dataset.Kpis[0], dataset.Channels, dataset.Controls, FitMethod.Laplace, Chains: 1, Warmup: 0, Draws: 100, Seed: (ulong)i + 1);
            var start = await runner.StartAsync(settings, Ct);
            ids.Add(Assert.NotNull(start.RunId));
        }

        var rows = await WaitForEndAsync(ids, TimeSpan.FromSeconds(90));
        Assert.All(rows, r => Assert.Equal(ModelRunStatus.Completed, r.Status));
        Assert.All(rows, r => Assert.Equal(1, r.Attempts));
        Assert.Equal(2, rows.Select(r => r.LeaseOwner).Distinct().Count());   // both instances took fits from the one queue
    }

    [Fact]
    public async Task SignInCookie_IssuedByOneInstance_IsAcceptedByTheOther()
    {
        // A's sign-in ticket is redeemed by B, which sets the cookie; A then accepts that cookie. Both need the shared key ring.
        var admin = (await _a.Services.GetRequiredService<UserAccountService>().ListAsync(Ct)).First(u => u.Role == Roles.Admin);
        string ticket = _a.Services.GetRequiredService<SignInTickets>().Issue(admin.Id);
        var clientB = await _b.CreateClientAsync(null);
        var signIn = await clientB.GetAsync($"/account/complete-sign-in?ticket={Uri.EscapeDataString(ticket)}", Ct);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        string cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("meiro.auth=")).Split(';')[0];

        var clientA = await _a.CreateClientAsync(null);
        var withoutCookie = await clientA.GetAsync("/api/models", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCookie.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/models");
        request.Headers.Add("Cookie", cookie);
        var withCookie = await clientA.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);

        var payload = _b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("scale-out-test").Protect("secret");
        Assert.Equal("secret", _a.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("scale-out-test").Unprotect(payload));
    }

    private async Task<List<ModelRun>> WaitForEndAsync(IReadOnlyCollection<Guid> ids, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var factory = _a.Services.GetRequiredService<IDbContextFactory<MeiroDbContext>>();
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync(Ct);
            var rows = await db.ModelRuns.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(Ct);
            if (rows.All(r => r.Status is not (ModelRunStatus.Queued or ModelRunStatus.Running))) return rows;
            Assert.True(clock.Elapsed < timeout, $"still live after {timeout}: {string.Join(", ", rows.Select(r => r.Status))}");
            await Task.Delay(200, Ct);
        }
    }
}
