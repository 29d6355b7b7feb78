using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.DataSources;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MeiroMmm.Tests.Browser;

/// <summary>
/// In Chromium, with a fitted MMM run (the demo dataset's quick Laplace fit), stored attribution results and expenses:
/// the attribution-vs-MMM panel's rows and chart, the ROI table, assisted vs last touch and the transition heat map.
/// </summary>
public sealed class AttributionMmmBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task WithAFittedRun_ThePanelComparesPerSpendColumn()
    {
        var services = browser.App.Services;
        var demo = (await services.GetRequiredService<DatasetStore>().ListAsync(Ct)).Single(d => d.Origin == "demo");
        var runner = services.GetRequiredService<ModelFitRunner>();
        var fit = await runner.StartAsync(ModelRunSettings.Preview(demo.Id, demo.Kpis[0], demo.Channels, demo.Controls), Ct);
        await runner.WaitAsync(fit.RunId!.Value);
        var overview = await services.GetRequiredService<JourneyStore>().OverviewAsync(Ct);
        var first = overview.FirstDate!.Value;
        // A week of e-mail and search spend inside the journeys' dates, so the ROI table has figures.
        await services.GetRequiredService<ExpenseStore>().SaveAsync(
            [.. Enumerable.Range(0, 7).SelectMany(d => new[] { new ExpenseRow(first.AddDays(d), "email", "", 40, "EUR"), new ExpenseRow(first.AddDays(d), "paid_search", "", 900, "EUR") })],
            "upload", Ct);

        var page = await browser.SignedInPageAsync("/attribution");

        await page.Locator("#run-all").ClickAsync();
        await Expect(page.Locator("#comparison-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#roi-table")).ToContainTextAsync("EUR", new() { Timeout = 30_000 });
        await Expect(page.Locator("#roi-table")).ToContainTextAsync("email");

        var panel = page.Locator("#attribution-vs-mmm");
        await Expect(page.Locator("#mmm-compare-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#mmm-compare-missing")).ToHaveCountAsync(0);
        await Expect(page.Locator("#mmm-compare-table")).ToContainTextAsync("search_spend");
        await Expect(page.Locator("#mmm-compare-table")).ToContainTextAsync("paid_search");
        await Expect(page.Locator("#mmm-compare-scope")).ToContainTextAsync("MMM run on KPI");
        // The demo MMM dataset (2023–2025) does not overlap the demo journeys (2026): shares only, no ROI across periods.
        await Expect(page.Locator("#mmm-compare-table")).ToContainTextAsync("other period");
        // Element shots of a scrolled page would draw the sticky app bar across the element.
        await page.AddStyleTagAsync(new() { Content = ".mud-appbar { position: static !important; }" });
        await panel.ScrollIntoViewIfNeededAsync();
        await panel.ScreenshotAsync(new() { Path = Shot("attribution-vs-mmm-fitted.png") });
        await page.Locator("#roi").ScreenshotAsync(new() { Path = Shot("attribution-roi.png") });

        await Expect(page.Locator("#assists-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#transitions-chart .main-svg").First).ToBeVisibleAsync();
        await page.Locator("#assists").ScreenshotAsync(new() { Path = Shot("attribution-assists.png") });
        await page.Locator("#transitions-heatmap").ScreenshotAsync(new() { Path = Shot("attribution-transitions.png") });
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
    }
}
