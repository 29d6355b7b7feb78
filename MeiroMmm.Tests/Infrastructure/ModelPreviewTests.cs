using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Domain.Mmm.Sampling;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>
/// The run form's preview and a NUTS fit's live preview on the demo dataset: both are the Laplace approximation at the
/// posterior mode, the same numbers `LaplaceFitter` gives on its own; and the live progress's pace and time left.
/// </summary>
public sealed class ModelPreviewTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<DatasetDetail> DemoAsync()
    {
        var store = app.Services.GetRequiredService<DatasetStore>();
        var demo = (await store.ListAsync(Ct)).Single(d => d.Origin == "demo");
        return (await store.GetAsync(demo.Id, Ct))!;
    }

    [Fact]
    public async Task FormPreview_IsTheLaplaceFitAtTheMode_WithPartsThatAddUpToTheMeanPrediction_AndStoresNothing()
    {
        var demo = await DemoAsync();
        var s = demo.Summary;
        var settings = ModelRunSettings.Fast(s.Id, s.Kpis[0], s.Channels, s.Controls);
        var runsBefore = (await app.Services.GetRequiredService<ModelRunStore>().ListAsync(s.Id, Ct)).Count;

        var outcome = await app.Services.GetRequiredService<ModelPreview>().ComputeAsync(settings, Ct);

        Assert.Empty(outcome.Errors);
        var preview = outcome.Result!;
        var expected = LaplaceFitter.Fit(ScaledMmmData.Prepare(demo.Data, settings.ToSpec()), ModelPreview.Draws, settings.Seed, Ct);
        Assert.Equal(expected.Channels.Select(c => c.Channel), preview.Preview.Channels.Select(c => c.Channel));
        for (int i = 0; i < expected.Channels.Count; i++)
        {
            Assert.Equal(expected.Channels[i].RoasMean, preview.Preview.Channels[i].RoasMean, 12);
            Assert.Equal(expected.Channels[i].ShareMean, preview.Preview.Channels[i].ShareMean, 12);
        }
        // ROAS is contribution ÷ spend, and the parts of the decomposition add up to the mean prediction in every period.
        Assert.All(preview.Preview.Channels, c => Assert.InRange(c.RoasMean, c.RoasQ05, c.RoasQ95));
        Assert.All(preview.Preview.Channels, c => Assert.Equal(c.ContributionMean / c.Spend, c.RoasMean, 6));
        double parts = preview.Components.Sum(c => c.Total);
        Assert.Equal(expected.Periods.Sum(p => p.PredictedMean), parts, 1e-6 * Math.Abs(parts));
        Assert.Equal(runsBefore, (await app.Services.GetRequiredService<ModelRunStore>().ListAsync(s.Id, Ct)).Count);
    }

    [Fact]
    public async Task FormPreview_RefusesUnknownColumns_NamingTheField_AndStopsWhenCancelled()
    {
        var s = (await DemoAsync()).Summary;
        var wrong = ModelRunSettings.Fast(s.Id, "no_such_kpi", ["no_such_spend"], []);
        var outcome = await app.Services.GetRequiredService<ModelPreview>().ComputeAsync(wrong, Ct);
        Assert.Null(outcome.Result);
        Assert.Equal(["kpi", "spend_channels"], outcome.Errors.Select(e => e.Field));

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            app.Services.GetRequiredService<ModelPreview>().ComputeAsync(ModelRunSettings.Fast(s.Id, s.Kpis[0], s.Channels, s.Controls), cancelled.Token));
    }

    [Fact]
    public async Task NutsFit_PublishesThePreviewBeforeTheChainsReport_AndItIsTheSameLaplaceFit()
    {
        var demo = await DemoAsync();
        var s = demo.Summary;
        var runner = app.Services.GetRequiredService<ModelFitRunner>();
        var settings = new ModelRunSettings(s.Id, s.Kpis[0], s.Channels, s.Controls, Chains: 1, Warmup: 30, Draws: 30, Seed: 9);
        var start = await runner.StartAsync(settings, Ct);
        var id = start.RunId!.Value;
        var seen = new List<FitSnapshot>();
        using (runner.Subscribe(id, snapshot => { lock (seen) seen.Add(snapshot); }))
            await runner.WaitAsync(id);

        List<FitSnapshot> snapshots;
        lock (seen) snapshots = [.. seen];
        int firstPreview = snapshots.FindIndex(x => x.Preview is not null);
        int firstChain = snapshots.FindIndex(x => x.Chains.Any(c => c is not null));
        Assert.True(firstPreview >= 0, "the preview was published");
        Assert.True(firstChain < 0 || firstPreview < firstChain, "the preview comes before the chains' progress");
        var expected = LaplaceFitter.Fit(ScaledMmmData.Prepare(demo.Data, settings.ToSpec()), ModelPreview.Draws, settings.Seed, Ct);
        Assert.Equal(expected.Channels.Select(c => c.RoasMean), snapshots[firstPreview].Preview!.Channels.Select(c => c.RoasMean));
        Assert.Single(snapshots[firstPreview].Chains);   // a 1-chain fit has one progress row
        Assert.Equal(ModelRunStatus.Completed, (await app.Services.GetRequiredService<ModelRunStore>().GetAsync(id, Ct))!.Value.Run.Status);
    }

    [Fact]
    public void Pace_AndTimeLeft_FollowEachChainsOwnRate()
    {
        // Chain 1: 100 of 400 iterations in 2 s (50 it/s, 6 s left); chain 2: 300 in 3 s (100 it/s, 1 s left); chain 3 not started.
        FitProgress Chain(int chain, int iteration, double seconds) => new(chain, iteration, 400, SamplingPhase.Warmup, 0, 0.1, TimeSpan.FromSeconds(seconds));
        var twoRunning = new FitSnapshot(Guid.NewGuid(), ModelRunStatus.Running, "Sampling", [Chain(0, 100, 2), Chain(1, 300, 3)], 400, TimeSpan.FromSeconds(3));
        Assert.Equal(50, FitSnapshot.IterationsPerSecond(twoRunning.Chains[0])!.Value, 12);
        Assert.Equal(6, twoRunning.Remaining!.Value.TotalSeconds, 9);
        // A chain waiting for a core adds a whole chain at the running chains' average pace: 400 / 75 s.
        var oneWaiting = twoRunning with { Chains = [Chain(0, 100, 2), Chain(1, 300, 3), null] };
        Assert.Equal(6 + 400 / 75.0, oneWaiting.Remaining!.Value.TotalSeconds, 6);
        Assert.Null((twoRunning with { Chains = [null, null] }).Remaining);
    }
}
