using MeiroMmm.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MeiroMmm.Tests.Browser;

/// <summary>In Chromium: save two optimizer plans as scenarios, compare them, adopt one, see its realization, open both one-page reports.</summary>
public sealed class ScenariosBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<IPage> SignedInPageAsync(string path) => browser.SignedInPageAsync(path);

    private static Task ShotAsync(IPage page, string name) => BrowserFixture.ShotAsync(page, name);

    [Fact]
    public async Task SaveCompareAdoptAndReport()
    {
        var (runId, _, _) = await ScenarioFixtures.DemoRunAsync(browser.App.Services, Ct);
        var page = await SignedInPageAsync($"/mmm?run={runId}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Budget optimizer" }).ClickAsync(new() { Timeout = 30_000 });
        foreach (var name in new[] { "Keep budget", "Keep budget, second look" })
        {
            await page.Locator("#run-optimizer").ClickAsync();
            await Expect(page.Locator("#opt-result")).ToContainTextAsync("tv_spend", new() { Timeout = 30_000 });
            await page.Locator("#scenario-name").FillAsync(name);
            await page.Locator("#save-scenario-button").ClickAsync();
            await Expect(page.Locator("#save-scenario-done")).ToContainTextAsync(name, new() { Timeout = 30_000 });
        }
        await page.Locator("#save-scenario").ScrollIntoViewIfNeededAsync();
        await ShotAsync(page, "optimizer-save-scenario.png");

        await BrowserFixture.GotoInteractiveAsync(page, "/scenarios");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Budget scenarios", new() { Timeout = 30_000 });
        await Expect(page.Locator(".scenario-name")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await page.Locator(".compare-check input").Nth(0).CheckAsync();
        await page.Locator(".compare-check input").Nth(1).CheckAsync();
        await page.Locator("#compare-button").ClickAsync();
        await Expect(page.Locator("#compare-kpi-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#comparison-table")).ToContainTextAsync("search_spend");

        await page.Locator(".adopt-button").First.ClickAsync();
        await Expect(page.Locator(".adopted-chip")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.Locator("#realization-summary")).ToContainTextAsync("13 of 13 periods have data", new() { Timeout = 30_000 });
        await Expect(page.Locator("#realization-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#realization-periods tbody tr")).ToHaveCountAsync(13);
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ShotAsync(page, "scenarios.png");

        string href = (await page.Locator("#scenario-report-link").GetAttributeAsync("href"))!;
        await page.GotoAsync(href);   // reports have their own print layout, without the app's circuit marker
        await Expect(page.Locator("#report h1")).ToContainTextAsync("Budget scenario", new() { Timeout = 30_000 });
        await Expect(page.Locator("#report-narrative")).ToContainTextAsync("13 of 13 periods have data");
        await Expect(page.Locator("#report-realization-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#report-sources")).ToContainTextAsync("/realization");
        await ShotAsync(page, "report-scenario.png");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator("#print-report")).ToBeHiddenAsync();
        await ShotAsync(page, "report-scenario-print.png");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await page.GotoAsync($"/reports/runs/{runId}");
        await Expect(page.Locator("#report h1")).ToContainTextAsync("Marketing mix model", new() { Timeout = 30_000 });
        await Expect(page.Locator("#roas-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#report-narrative")).ToContainTextAsync("returned the most");
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ShotAsync(page, "report-run.png");
    }
}
