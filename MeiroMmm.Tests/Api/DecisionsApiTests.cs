using MeiroMmm.Domain.Attribution;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MeiroMmm.Domain.Channels;
using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Channels;
using MeiroMmm.Infrastructure.Experiments;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Api;

/// <summary>
/// The run-quality gate, MMM explained and the channel board over the real host, on a quick Laplace fit of the demo
/// dataset, the demo's completed e-mail holdout and a Markov attribution run.
/// </summary>
public sealed class DecisionsApiTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<MeiroAppFactory, Guid> Runs = [];

    private async Task<Guid> DemoRunAsync()
    {
        await Gate.WaitAsync(Ct);
        try
        {
            if (Runs.TryGetValue(app, out var existing)) return existing;
            var demo = (await app.Services.GetRequiredService<DatasetStore>().ListAsync(Ct)).Single(d => d.Origin == "demo");
            var runner = app.Services.GetRequiredService<ModelFitRunner>();
            var start = await runner.StartAsync(ModelRunSettings.Preview(demo.Id, demo.Kpis[0], demo.Channels, demo.Controls), Ct);
            await runner.WaitAsync(start.RunId!.Value);
            await app.Services.GetRequiredService<AttributionRunService>().RunAsync(["markov"], AttributionRunSettings.Default, Ct);
            return Runs[app] = start.RunId.Value;
        }
        finally { Gate.Release(); }
    }

    /// <summary>A copy of a completed run with its fit made poor (R² 0.3): a run the gate must grade not usable.</summary>
    private async Task<Guid> PoorCopyAsync(Guid source)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<MeiroDbContext>>();
        await using var db = await factory.CreateDbContextAsync(Ct);
        var run = await db.ModelRuns.AsNoTracking().SingleAsync(r => r.Id == source, Ct);
        var result = StoredFitResult.FromJson(run.ResultJson!)!;
        var copy = new ModelRun
        {
            Id = Guid.NewGuid(), DatasetId = run.DatasetId, Kpi = run.Kpi, Status = ModelRunStatus.Completed, CreatedAt = run.CreatedAt.AddSeconds(-1),
            CompletedAt = run.CompletedAt, SettingsJson = run.SettingsJson, ResultJson = (result with { Fit = result.Fit with { R2 = 0.3 } }).ToJson(),
        };
        db.ModelRuns.Add(copy);
        await db.SaveChangesAsync(Ct);
        return copy.Id;
    }

    [Fact]
    public async Task Quality_OfAPreview_IsDirectional_WithTheLaplaceReason_AndPriorShiftsPerMediaParameter()
    {
        var id = await DemoRunAsync();
        var client = await app.CreateClientAsync(Roles.Viewer);
        var quality = await client.GetFromJsonAsync<JsonElement>($"/api/models/{id}/quality", Ct);
        Assert.Equal("directional", quality.GetProperty("grade").GetString());
        var rules = quality.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("rule").GetString()).ToList();
        Assert.Contains("laplace_preview", rules);
        Assert.DoesNotContain(quality.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("caps").GetString() == "not_usable");
        // 5 channels × (adstock alpha, saturation lam, saturation beta) in the default model.
        Assert.Equal(15, quality.GetProperty("prior_shifts").GetArrayLength());
    }

    [Fact]
    public async Task Optimizer_RefusesANotUsableRun_With409AndReasons_AndWarnsOnADirectionalOne()
    {
        var id = await DemoRunAsync();
        var poor = await PoorCopyAsync(id);
        var client = await app.CreateClientAsync(Roles.Viewer);
        var refused = await client.PostAsJsonAsync($"/api/models/{poor}/optimize", new { horizon = 13 }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("not_usable", problem.GetProperty("grade").GetString());
        Assert.Contains(problem.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("R² 0.30"));

        var planned = await client.PostAsJsonAsync($"/api/models/{id}/optimize", new { horizon = 13 }, Ct);
        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
        var plan = await planned.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains(plan.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("Laplace"));
    }

    [Fact]
    public async Task Explained_SharesAddUpToOne_AndEachChannelHasAQuadrant()
    {
        var id = await DemoRunAsync();
        var client = await app.CreateClientAsync(Roles.Viewer);
        var explained = await client.GetFromJsonAsync<JsonElement>($"/api/models/{id}/explained?horizon=13", Ct);
        var channels = explained.GetProperty("channels").EnumerateArray().ToList();
        Assert.Equal(5, channels.Count);
        Assert.Equal(1.0, channels.Sum(c => c.GetProperty("contribution_share").GetDouble()), 9);
        Assert.All(channels, c => Assert.Contains(c.GetProperty("quadrant").GetString(), new[] { "strategic_lever", "saturated", "growth_opportunity", "low_priority" }));
        var bad = await client.GetAsync($"/api/models/{id}/explained?horizon=0", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Board_ShowsAttributionRoiMmmRoasAndTheEmailHoldout_ComputedByHand()
    {
        await DemoRunAsync();
        var client = await app.CreateClientAsync(Roles.Viewer);
        var board = await client.GetFromJsonAsync<JsonElement>("/api/channels/board?model=markov", Ct);
        var id = board.GetProperty("mmm_run_id").GetGuid();   // the newest directional run: the preview, or a calibration refit of it
        var rows = board.GetProperty("channels").EnumerateArray().ToList();
        var email = rows.Single(r => r.GetProperty("channel").GetString() == "email_spend");

        // MMM ROAS: the run's own channel summary.
        var run = (await app.Services.GetRequiredService<ModelRunStore>().GetAsync(id, Ct))!.Value;
        var mmmEmail = run.Result!.Channels.Single(c => c.Channel == "email_spend");
        Assert.Equal(mmmEmail.RoasMean, email.GetProperty("mmm_roas").GetDouble(), 12);

        // Attribution ROI: the Markov run's value credited to Email ÷ the dataset's e-mail spend (the run has no date range: all periods).
        var markov = (await app.Services.GetRequiredService<AttributionRunService>().LatestAsync("markov", Ct))!;
        var dataset = (await app.Services.GetRequiredService<DatasetStore>().GetAsync(run.Run.DatasetId, Ct))!;
        double spend = dataset.Data.Channels.Single(c => c.Name == "email_spend").Values.Sum();
        // No mapping is saved: the channels the name suggestion maps to email_spend.
        var columns = dataset.Data.Channels.Select(c => c.Name).ToList();
        double value = markov.Result.Channels.Where(c => ChannelSpendMatcher.SuggestColumn(c.Channel, columns) == "email_spend").Sum(c => c.Value);
        Assert.True(value > 0, "the demo journeys credit e-mail");
        Assert.Equal(value / spend, email.GetProperty("attribution_roi").GetDouble(), 9);

        // Experiment iROAS: value uplift per treated profile × treated ÷ spend during the test.
        var experiment = Assert.Single(email.GetProperty("experiments").EnumerateArray());
        int experimentId = experiment.GetProperty("experiment_id").GetInt32();
        var results = (await app.Services.GetRequiredService<ExperimentResultsService>().ResultsAsync(experimentId, Ct))!;
        double expectedSpend = experiment.GetProperty("spend").GetDouble();
        var e = await ExperimentDatesAsync(experimentId);
        var (handSpend, _) = ChannelBoardService.ExperimentSpend(dataset, "email_spend", e.Start, e.End);
        Assert.Equal(handSpend, expectedSpend, 9);
        Assert.Equal(results.ValuePerProfile!.MeanDifference * results.IntentionToTreat!.NTreatment / handSpend, experiment.GetProperty("roas").GetDouble(), 9);
        // One experiment: the pool is that experiment.
        Assert.Equal(experiment.GetProperty("roas").GetDouble(), email.GetProperty("pooled_experiments").GetProperty("value").GetDouble(), 9);
    }

    private async Task<(DateOnly Start, DateOnly End)> ExperimentDatesAsync(int id)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<MeiroDbContext>>();
        await using var db = await factory.CreateDbContextAsync(Ct);
        var e = await db.Experiments.AsNoTracking().SingleAsync(x => x.Id == id, Ct);
        return (DateOnly.FromDateTime(e.StartAt.UtcDateTime), DateOnly.FromDateTime(e.EndAt.UtcDateTime));
    }

    [Fact]
    public async Task Calibrate_StartsARefitWithTheExperimentAsOneMoreLiftTest()
    {
        await DemoRunAsync();
        var board = await app.Services.GetRequiredService<ChannelBoardService>().BuildAsync("markov", Ct);
        var id = board.MmmRunId!.Value;
        int experimentId = board.Channels.Single(c => c.Channel == "email_spend").Experiments.Single().ExperimentId;
        var viewer = await app.CreateClientAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/channels/calibrate", new { experiment_id = experimentId }, Ct)).StatusCode);
        var analyst = await app.CreateClientAsync(Roles.Analyst);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.PostAsJsonAsync("/api/channels/calibrate", new { experiment_id = 999_999 }, Ct)).StatusCode);
        var response = await analyst.PostAsJsonAsync("/api/channels/calibrate", new { experiment_id = experimentId }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(id, started.GetProperty("base_run_id").GetGuid());
        var refit = started.GetProperty("refit_run_id").GetGuid();
        await app.Services.GetRequiredService<ModelFitRunner>().WaitAsync(refit);
        var runs = app.Services.GetRequiredService<ModelRunStore>();
        var after = (await runs.GetAsync(refit, Ct))!.Value;
        Assert.Equal(ModelRunStatus.Completed, after.Run.Status);
        var test = after.Run.Settings!.LiftTests!.Last();
        Assert.Equal("email_spend", test.Channel);
        Assert.Equal(started.GetProperty("lift_test").GetProperty("delta_y").GetDouble(), test.DeltaY, 9);
        var compare = await analyst.GetAsync(started.GetProperty("compare").GetString(), Ct);
        Assert.Equal(HttpStatusCode.OK, compare.StatusCode);
    }
}
