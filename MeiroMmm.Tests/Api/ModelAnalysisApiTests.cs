using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Api;

/// <summary>
/// What a completed run answers over /api/models/{id}/…, on a quick Laplace fit of the demo dataset: the contributions
/// add up to the prediction, the export, the comparison, and the optimizer and what-if keep their own invariants.
/// </summary>
public sealed class ModelAnalysisApiTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
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
            return Runs[app] = start.RunId.Value;
        }
        finally { Gate.Release(); }
    }

    [Fact]
    public async Task Contributions_AddUpToThePredictedMean_InEveryPeriod()
    {
        var id = await DemoRunAsync();
        var client = await app.CreateClientAsync(Roles.Viewer);
        var contrib = await client.GetFromJsonAsync<JsonElement>($"/api/models/{id}/contrib", Ct);
        var run = await client.GetFromJsonAsync<JsonElement>($"/api/models/{id}", Ct);
        var periods = run.GetProperty("result").GetProperty("periods").EnumerateArray().ToList();
        var components = contrib.GetProperty("components").EnumerateArray().ToList();
        Assert.Contains(components, c => c.GetProperty("kind").GetString() == "baseline");
        Assert.Contains(components, c => c.GetProperty("kind").GetString() == "seasonality");
        Assert.Contains(components, c => c.GetProperty("kind").GetString() == "control");
        Assert.Equal(5, components.Count(c => c.GetProperty("kind").GetString() == "channel"));
        for (int t = 0; t < periods.Count; t++)
        {
            double sum = components.Sum(c => c.GetProperty("values")[t].GetDouble());
            double predicted = periods[t].GetProperty("predicted_mean").GetDouble();
            Assert.True(Math.Abs(sum - predicted) <= 1e-6 * Math.Abs(predicted), $"period {t}: parts add up to {sum}, prediction {predicted}");
        }
    }

    [Fact]
    public async Task ExportCsv_HasChannelParameterContributionAndFitRows()
    {
        var id = await DemoRunAsync();
        var client = await app.CreateClientAsync(Roles.Viewer);
        var response = await client.GetAsync($"/api/models/{id}/export?format=csv", Ct);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("table,name,date,statistic,value", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("channel_summary,tv_spend,,roas_mean,"));
        Assert.Contains(lines, l => l.StartsWith("parameter,adstock_alpha[tv_spend],,r_hat,"));
        Assert.Contains(lines, l => l.StartsWith("contribution,baseline,20"));
        Assert.Contains(lines, l => l.StartsWith("fit,sales,20") && l.Contains(",observed,"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/models/{id}/export.csv", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/models/{id}/export?format=xml", Ct)).StatusCode);
    }

    [Fact]
    public async Task Compare_ShowsBothRunsSideBySide()
    {
        var id = await DemoRunAsync();
        var client = await app.CreateClientAsync(Roles.Viewer);
        var compare = await client.GetFromJsonAsync<JsonElement>($"/api/models/compare?a={id}&b={id}", Ct);
        Assert.Equal(compare.GetProperty("a").GetProperty("channels").GetRawText(), compare.GetProperty("b").GetProperty("channels").GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/models/compare?a={id}&b={Guid.NewGuid()}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Optimize_SpendsTheBudgetWithinBounds_AndExpectsAtLeastTheCurrentMean()
    {
        var id = await DemoRunAsync();
        var client = await app.CreateClientAsync(Roles.Analyst);
        var response = await client.PostAsJsonAsync($"/api/models/{id}/optimize", new
        {
            horizon = 13,
            bounds = new object[] { new { channel = "tv_spend", min_pct = 80, max_pct = 120 }, new { channel = "search_spend", locked = true } },
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var rows = plan.GetProperty("channels").EnumerateArray().ToList();
        double budget = plan.GetProperty("total_budget").GetDouble();
        Assert.Equal(budget, rows.Sum(r => r.GetProperty("recommended").GetDouble()), budget * 1e-6);
        Assert.Equal(budget, rows.Sum(r => r.GetProperty("current").GetDouble()), budget * 1e-6);   // default budget = current spend
        var tv = rows.Single(r => r.GetProperty("channel").GetString() == "tv_spend");
        double tvCurrent = tv.GetProperty("current").GetDouble(), tvRecommended = tv.GetProperty("recommended").GetDouble();
        Assert.InRange(tvRecommended, 0.8 * tvCurrent - 1e-6, 1.2 * tvCurrent + 1e-6);
        var search = rows.Single(r => r.GetProperty("channel").GetString() == "search_spend");
        Assert.Equal(search.GetProperty("current").GetDouble(), search.GetProperty("recommended").GetDouble(), 1e-6);
        Assert.True(plan.GetProperty("expected").GetProperty("mean").GetDouble() >= plan.GetProperty("current").GetProperty("mean").GetDouble() - 1e-6);
    }

    [Fact]
    public async Task Optimize_ImpossibleBounds_Returns400NamingBounds()
    {
        var id = await DemoRunAsync();
        var client = await app.CreateClientAsync(Roles.Analyst);
        var response = await client.PostAsJsonAsync($"/api/models/{id}/optimize", new { total_budget = 1000, bounds = new[] { new { channel = "tv_spend", min = 5000 } } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("bounds", out _));
    }

    [Fact]
    public async Task WhatIf_CurrentSpendChangesNothing_AndMoreSpendBringsMore()
    {
        var id = await DemoRunAsync();
        var client = await app.CreateClientAsync(Roles.Analyst);
        var same = await (await client.PostAsJsonAsync($"/api/models/{id}/what-if", new { horizon = 13 }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(0, same.GetProperty("difference").GetProperty("mean").GetDouble(), 1e-6);
        double tvNow = same.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "tv_spend").GetProperty("current").GetDouble();

        var more = await (await client.PostAsJsonAsync($"/api/models/{id}/what_if", new { horizon = 13, spend = new Dictionary<string, double> { ["tv_spend"] = 2 * tvNow } }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var difference = more.GetProperty("difference");
        Assert.True(difference.GetProperty("q05").GetDouble() > 0, "doubling a channel with a positive effect adds KPI in every kept draw");
        var bad = await client.PostAsJsonAsync($"/api/models/{id}/what-if", new { spend = new Dictionary<string, double> { ["carrier_pigeon"] = 1 } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
