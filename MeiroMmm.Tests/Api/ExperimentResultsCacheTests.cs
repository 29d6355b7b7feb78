using System.Net.Http.Json;
using System.Text.Json;
using MeiroMmm.Infrastructure.Experiments;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Api;

/// <summary>
/// GET /api/experiments/{id}/results reuses the last computation while the experiment's data version is unchanged, and
/// answers exactly what a fresh computation answers after any write: through the API, or straight into the database
/// (as another instance of a cluster would write).
/// </summary>
public sealed class ExperimentResultsCacheTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> ResultsAsync(HttpClient client, int id) =>
        JsonDocument.Parse(await client.GetStringAsync($"/api/experiments/{id}/results", Ct)).RootElement.Clone();

    /// <summary>The fresh computation, serialized as the API does, with the cached answer's computed_at.</summary>
    private async Task<string> FreshAsync(int id, JsonElement cached)
    {
        var fresh = await app.Services.GetRequiredService<ExperimentResultsService>().ResultsAsync(id, Ct);
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        return JsonSerializer.Serialize(fresh! with { ComputedAt = cached.GetProperty("computed_at").GetDateTimeOffset() }, options);
    }

    private async Task<(int Exposures, int Outcomes)> ListedAsync(HttpClient client, int id)
    {
        var row = JsonDocument.Parse(await client.GetStringAsync("/api/experiments", Ct)).RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetInt32() == id);
        return (row.GetProperty("exposures").GetInt32(), row.GetProperty("outcomes").GetInt32());
    }

    [Fact]
    public async Task Results_AreReusedUntilTheDataChanges_AndThenMatchAFreshComputation()
    {
        var client = await app.CreateClientAsync(Roles.Analyst);
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<MeiroDbContext>>();
        int id;
        string[] profiles;
        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
        {
            id = await db.Experiments.OrderBy(e => e.Id).Select(e => e.Id).FirstAsync(Ct);   // the demo experiment
            profiles = await db.ExperimentAssignments.Where(a => a.ExperimentId == id).OrderBy(a => a.Id).Select(a => a.ProfileId).Take(40).ToArrayAsync(Ct);
        }

        var listed = await ListedAsync(client, id);
        var first = await ResultsAsync(client, id);
        var second = await ResultsAsync(client, id);
        Assert.Equal(first.GetProperty("computed_at").GetString(), second.GetProperty("computed_at").GetString());   // not recomputed
        Assert.Equal(await FreshAsync(id, first), second.GetRawText());

        // A write through the API: twenty new conversions change the answer at once.
        await Task.Delay(20, Ct);
        var start = first.GetProperty("computed_at").GetDateTimeOffset();
        var outcomes = new { outcomes = profiles[..20].Select((p, i) => new { profile_id = p, converted_at = start.AddDays(-1), value = 10 + i, conversion_id = $"cache-test-{i}" }) };
        (await client.PostAsJsonAsync($"/api/experiments/{id}/outcomes", outcomes, Ct)).EnsureSuccessStatusCode();
        var afterApi = await ResultsAsync(client, id);
        Assert.NotEqual(first.GetProperty("computed_at").GetString(), afterApi.GetProperty("computed_at").GetString());
        Assert.Equal(await FreshAsync(id, afterApi), afterApi.GetRawText());
        Assert.Equal(listed.Outcomes + 20, (await ListedAsync(client, id)).Outcomes);   // the list's counts follow the same mark

        // A write this instance never saw (another instance's): the version comes from the database, so it shows too.
        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
        {
            db.ExperimentExposures.AddRange(profiles[20..].Select(p => new ExperimentExposure { ExperimentId = id, ProfileId = p, MessageId = $"cache-test-{p}", ExposedAt = start.AddDays(-2) }));
            await db.SaveChangesAsync(Ct);
        }
        var afterDb = await ResultsAsync(client, id);
        Assert.NotEqual(afterApi.GetProperty("computed_at").GetString(), afterDb.GetProperty("computed_at").GetString());
        Assert.Equal(await FreshAsync(id, afterDb), afterDb.GetRawText());
        Assert.Equal((listed.Exposures + 20, listed.Outcomes + 20), await ListedAsync(client, id));

        // An experiment that does not exist is still a 404, and a status change is a new version as well.
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/api/experiments/999999/results", Ct)).StatusCode);
        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
            await db.Experiments.Where(e => e.Id == id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, ExperimentStatus.Archived), Ct);
        var archived = await ResultsAsync(client, id);
        Assert.Equal("archived", archived.GetProperty("status").GetString());
    }
}
