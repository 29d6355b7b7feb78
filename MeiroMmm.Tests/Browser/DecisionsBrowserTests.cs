using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MeiroMmm.Tests.Browser;

/// <summary>In Chromium: a run's quality badge and "MMM explained" quadrant chart, then the channel board and a calibration from it.</summary>
public sealed class DecisionsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<IPage> SignedInPageAsync(string path) => browser.SignedInPageAsync(path);

    private static Task ShotAsync(IPage page, string name) => BrowserFixture.ShotAsync(page, name);

    [Fact]
    public async Task RunResults_ShowQualityBadgeAndQuadrants_ThenTheChannelBoardCalibrates()
    {
        var runner = browser.App.Services.GetRequiredService<ModelFitRunner>();
        var demo = (await browser.App.Services.GetRequiredService<DatasetStore>().ListAsync(Ct)).Single(d => d.Origin == "demo");
        var preview = await runner.StartAsync(ModelRunSettings.Preview(demo.Id, demo.Kpis[0], demo.Channels, demo.Controls), Ct);
        await runner.WaitAsync(preview.RunId!.Value);
        await browser.App.Services.GetRequiredService<AttributionRunService>().RunAsync(["markov"], AttributionRunSettings.Default, Ct);

        var page = await SignedInPageAsync($"/mmm?run={preview.RunId}");
        await Expect(page.Locator("#run-quality")).ToContainTextAsync("Directional", new() { Timeout = 30_000 });
        await Expect(page.Locator("#run-quality-reasons")).ToContainTextAsync("Laplace");
        await page.GetByRole(AriaRole.Tab, new() { Name = "MMM explained" }).ClickAsync();
        await Expect(page.Locator("#quadrant-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#leverage-table")).ToContainTextAsync("tv_spend");
        await page.Locator("#model-results").ScrollIntoViewIfNeededAsync();
        await ShotAsync(page, "mmm-results-explained.png");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Budget optimizer" }).ClickAsync();
        await Expect(page.Locator("#opt-directional")).ToBeVisibleAsync();

        await BrowserFixture.GotoInteractiveAsync(page, "/channels");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Channel board", new() { Timeout = 30_000 });
        await Expect(page.Locator("#board-table")).ToContainTextAsync("email_spend", new() { Timeout = 30_000 });
        await Expect(page.Locator("#board-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#board-experiments")).ToContainTextAsync("demo-email-holdout");
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ShotAsync(page, "channel-board.png");

        await page.Locator(".calibrate-button").First.ClickAsync();
        await Expect(page.Locator("#calibration-table")).ToContainTextAsync("email_spend", new() { Timeout = 60_000 });
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.Locator("#calibration-result").ScrollIntoViewIfNeededAsync();
        await ShotAsync(page, "channel-board-calibrated.png");
    }
}
