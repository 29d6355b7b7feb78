using MeiroMmm.Infrastructure.DataQuality;
using MeiroMmm.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MeiroMmm.Tests.Browser;

/// <summary>In Chromium: the Overview's "Why did this change?" panel for two demo periods, by channel then by campaign.</summary>
public sealed class ExplainabilityBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task OverviewPanel_ExplainsTheChangeBetweenTwoDemoPeriods()
    {
        // A DQ run first, so the panel has a confidence to show.
        await browser.App.Services.GetRequiredService<DqRunService>().RunAsync(null, TestContext.Current.CancellationToken);
        var page = await browser.SignedInPageAsync("/");

        // The panel opens on the newest 28 days against the 28 before; pick two demo periods of our own.
        await Expect(page.Locator("[data-testid=why-narrative]")).ToContainTextAsync("Conversions", new() { Timeout = 30_000 });
        await SetDate(page, "#why-from", "2026-09-28");
        await SetDate(page, "#why-to", "2026-10-25");
        await SetDate(page, "#why-compare-from", "2026-08-31");
        await SetDate(page, "#why-compare-to", "2026-09-27");
        await page.Locator("[data-testid=why-explain]").ClickAsync();

        await Expect(page.Locator("#why-waterfall .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#why-waterfall")).ToContainTextAsync("Journey volume");
        await Expect(page.Locator("[data-testid=why-narrative]")).ToContainTextAsync("came from journey volume");
        await Expect(page.Locator("[data-testid=why-narrative]")).ToContainTextAsync("Data-quality confidence is");
        await Expect(page.Locator("[data-testid=why-comparability]")).ToHaveTextAsync("high");
        await Expect(page.Locator("[data-testid=why-dq]")).ToContainTextAsync("/100");
        await Expect(page.Locator("[data-testid=why-movers]")).ToContainTextAsync("Top contributor");
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.Locator("#why-did-this-change").ScrollIntoViewIfNeededAsync();
        await page.Locator("#why-did-this-change").ScreenshotAsync(new() { Path = Shot("overview-why-channel.png") });

        // By campaign, on conversion value: the value-per-conversion driver appears.
        await BrowserFixture.ChooseAsync(page, "why-scope", "Campaign", "campaign");
        await BrowserFixture.ChooseAsync(page, "why-metric", "Conversion value", "value");
        await page.Locator("[data-testid=why-explain]").ClickAsync();
        await Expect(page.Locator("#why-waterfall")).ToContainTextAsync("Value per conversion", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=why-movers]")).ToContainTextAsync("Campaign");
        await page.Locator("#why-did-this-change").ScreenshotAsync(new() { Path = Shot("overview-why-campaign-value.png") });

        // Reachable from the attribution page.
        await BrowserFixture.GotoInteractiveAsync(page, "/attribution");
        await Expect(page.Locator("[data-testid=why-link]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    private static async Task SetDate(IPage page, string id, string date)
    {
        // MudDatePicker puts the id on its input or on a wrapper, depending on the version: take whichever holds the input.
        var input = page.Locator($"input{id}, {id} input").First;
        await input.FillAsync(date);
        await input.PressAsync("Tab");
    }
}
