using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MeiroMmm.Tests.Browser;

/// <summary>In Chromium: a completed run's results on the MMM page (charts drawn, diagnostics listed), then a fit started from the page.</summary>
public sealed class ModelRunBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task MmmPage_ShowsCompletedRunResults_AndStartsARun()
    {
        var runner = browser.App.Services.GetRequiredService<ModelFitRunner>();
        var demo = (await browser.App.Services.GetRequiredService<DatasetStore>().ListAsync(TestContext.Current.CancellationToken)).Single(d => d.Origin == "demo");
        var start = await runner.StartAsync(new ModelRunSettings(demo.Id, demo.Kpis[0], demo.Channels, demo.Controls, Chains: 2, Warmup: 100, Draws: 100, Seed: 5), TestContext.Current.CancellationToken);
        await runner.WaitAsync(start.RunId!.Value);

        var page = await browser.SignedInPageAsync("/mmm");

        await Expect(page.Locator("#roas-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#fit-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#diagnostics")).ToContainTextAsync("Max R-hat");
        await Expect(page.Locator("#channel-results")).ToContainTextAsync("True ROAS");
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.Locator("#model-results").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "mmm-run-results.png"), FullPage = true });

        // Start a Laplace-only run from the page: the run list gains a completed Laplace run.
        await BrowserFixture.ChooseAsync(page, "run-preset", "Laplace approximation only (seconds, saved as a run)", "Preview");
        await page.Locator("#run-model").ClickAsync();
        await Expect(page.Locator("#runs-table")).ToContainTextAsync("Quick preview (Laplace)", new() { Timeout = 30_000 });
        await Expect(page.Locator("#model-results")).ToContainTextAsync("quick preview", new() { Timeout = 30_000 });
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "mmm-run-preview.png"), FullPage = true });
    }

    [Fact]
    public async Task RunForm_TakesShapesPriorsAndALiftTestFromACompletedExperiment()
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await browser.SignedInPageAsync("/mmm");

        await page.Locator("#run-advanced .mud-expand-panel-header").ClickAsync();
        await Expect(page.Locator("#run-priors")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await BrowserFixture.ChooseAsync(page, "run-saturation", "hill", "hill");
        await Expect(page.Locator("#run-priors")).ToContainTextAsync("saturation_kappa");
        await page.Locator("#prior-adstock_alpha-tv_spend").FillAsync("Beta(3, 3)");
        await page.Locator("#prior-adstock_alpha-tv_spend").BlurAsync();

        // The demo's completed experiment, as a lift test on tv_spend: the same numbers GET /api/experiments/{id}/lift-test gives.
        await page.Locator(".mud-select").Filter(new() { Has = page.Locator("#lift-experiment") }).Last.ClickAsync();
        await page.GetByRole(AriaRole.Option).First.ClickAsync();
        await page.Locator("#lift-spend").FillAsync("5000");
        await page.Locator("#lift-spend").BlurAsync();
        await page.Locator("#lift-add").ClickAsync();
        await Expect(page.Locator("#lift-tests")).ToContainTextAsync("tv_spend", new() { Timeout = 30_000 });
        await Expect(page.Locator("#run-advanced")).ToContainTextAsync("1 prior set, 1 lift test");
        // Preview (fast) with these shapes and priors: the Laplace fit at the mode, labelled as such, nothing stored.
        await page.Locator("#preview-model").ClickAsync();
        await Expect(page.Locator("#run-preview-result")).ToContainTextAsync("Preview, not the posterior", new() { Timeout = 120_000 });   // seconds alone; far longer while other tests' fits share the 2 cores
        await Expect(page.Locator("#run-preview-result")).ToContainTextAsync("hill saturation");
        await Expect(page.Locator("#preview-share-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator("#run-model-form").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "mmm-run-form-options.png"), FullPage = true });

        // Queue it as a Laplace-only run (seconds), which keeps the shapes, priors and lift test.
        await BrowserFixture.ChooseAsync(page, "run-preset", "Laplace approximation only (seconds, saved as a run)", "Preview");
        await page.Locator("#run-model").ClickAsync();
        var store = browser.App.Services.GetRequiredService<ModelRunStore>();
        ModelRunSummary? run = null;
        for (int i = 0; i < 100 && run is null; i++, await Task.Delay(100, ct))
            run = (await store.ListAsync(null, ct)).FirstOrDefault(r => r.Settings?.Saturation == "hill");
        Assert.NotNull(run);
        Assert.Equal("Beta(3, 3)", run.Settings!.Priors!["adstock_alpha[tv_spend]"]);
        Assert.Equal("tv_spend", Assert.Single(run.Settings.LiftTests!).Channel);
        await browser.App.Services.GetRequiredService<ModelFitRunner>().WaitAsync(run.Id);
        Assert.Equal(ModelRunStatus.Completed, (await store.GetAsync(run.Id, ct))!.Value.Run.Status);
    }
}
