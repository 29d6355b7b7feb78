using System.Text.RegularExpressions;
using MeiroMmm.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MeiroMmm.Tests.Browser;

/// <summary>A marketer in Chromium: plan an experiment with the power calculator, create it, start it, read the demo's results.</summary>
public sealed class ExperimentPagesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png"), FullPage = true });

    private async Task<IPage> SignedInPageAsync()
    {
        var page = await browser.Browser.NewPageAsync(new() { BaseURL = browser.BaseUrl, ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.GotoAsync("/experiments");
        await Expect(page).ToHaveURLAsync(new Regex("/login"));
        await Expect(page.Locator("#sign-in[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator("#user-name").FillAsync("admin");
        await page.Locator("#password").FillAsync(MeiroAppFactory.AdminPassword);
        await page.Locator("#sign-in").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/experiments$"), new() { Timeout = 30_000 });
        return page;
    }

    [Fact]
    public async Task CreateAnExperimentWithThePowerCalculator_StartIt_AndReadTheDemoResults()
    {
        var page = await SignedInPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/experiments");
        await Expect(page.Locator("#experiments-table")).ToContainTextAsync("E-mail holdout (demo)", new() { Timeout = 30_000 });
        await ScreenshotAsync(page, "experiments-list");

        await page.Locator("#new-experiment").ClickAsync();
        await Expect(page.Locator("#power-calculator")).ToBeVisibleAsync();
        await page.Locator("#new-experiment-create").ClickAsync();   // no name yet: the error appears under the field
        await Expect(page.GetByText("Give the experiment a name.")).ToBeVisibleAsync();

        await page.Locator("#new-experiment-name").FillAsync("Newsletter holdout, browser test");
        await page.Locator("#power-baseline").FillAsync("5");
        await page.Locator("#power-mde").FillAsync("1");
        await page.Locator("#power-daily").FillAsync("2000");
        await Expect(page.Locator("[data-testid=power-n-control]")).ToHaveTextAsync("8,158");
        await Expect(page.Locator("[data-testid=power-days]")).ToHaveTextAsync("9 days");
        await ScreenshotAsync(page, "experiments-new-dialog");

        await page.Locator("#new-experiment-create").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/experiments/\\d+$"), new() { Timeout = 30_000 });
        await Expect(page.Locator("h1")).ToHaveTextAsync("Newsletter holdout, browser test");
        await Expect(page.Locator("#experiment-empty")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=experiment-status]")).ToHaveTextAsync("Draft");

        // The draft opens in the same dialog, filled in, with its power calculator.
        await page.Locator("#experiment-edit").ClickAsync();
        await Expect(page.Locator("#power-calculator")).ToBeVisibleAsync();
        await Expect(page.Locator("#new-experiment-name")).ToHaveValueAsync("Newsletter holdout, browser test");
        await page.Locator("#new-experiment-name").FillAsync("Newsletter holdout, edited");
        await page.Locator("#new-experiment-treatment").FillAsync("80");
        await page.Locator("#power-baseline").FillAsync("5");
        await page.Locator("#power-mde").FillAsync("1");
        await Expect(page.Locator("#new-experiment-create")).ToHaveTextAsync("Save changes");
        await ScreenshotAsync(page, "experiment-edit-dialog");
        await page.Locator("#new-experiment-create").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Newsletter holdout, edited", new() { Timeout = 30_000 });
        await Expect(page.Locator("body")).ToContainTextAsync("80% of profiles receive the channel");

        // Starting asks first: it cannot be undone.
        await page.Locator("#experiment-next-status").ClickAsync();
        var confirm = page.Locator(".mud-dialog");
        await Expect(confirm).ToContainTextAsync("cannot go back to a draft");
        await ScreenshotAsync(page, "experiment-start-confirmation");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Start experiment" }).ClickAsync();
        await Expect(page.Locator("[data-testid=experiment-status]")).ToHaveTextAsync("Running");
        await Expect(page.Locator("#experiment-edit")).ToHaveCountAsync(0);
        await Expect(page.Locator("#experiment-next-status")).ToHaveTextAsync("Complete experiment");
        await ScreenshotAsync(page, "experiment-new-running");

        await BrowserFixture.GotoInteractiveAsync(page, "/experiments");
        await page.GetByRole(AriaRole.Link, new() { Name = "E-mail holdout (demo)" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("E-mail holdout (demo)", new() { Timeout = 30_000 });
        await Expect(page.Locator("#experiment-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=srm-badge]")).ToBeVisibleAsync();
        await Expect(page.Locator("#experiment-verdict")).ToContainTextAsync("95% interval");
        await Expect(page.Locator("#experiment-error")).ToHaveCountAsync(0);
        await Expect(page.Locator(".mud-alert-filled-error, .mud-alert-text-error")).ToHaveCountAsync(0);
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ScreenshotAsync(page, "experiment-demo");
    }

    [Fact]
    public async Task RunTheNightlyReport_PoolTheChannel_AndTurnTheDemoIntoAnMmmLiftTest()
    {
        var page = await SignedInPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/experiments");
        await page.Locator("#run-nightly").ClickAsync();
        await Expect(page.Locator("#nightly-result")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#meta-forest .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=meta-random]")).ToContainTextAsync("%");
        await ScreenshotAsync(page, "experiments-meta-analysis");

        await page.GetByRole(AriaRole.Link, new() { Name = "E-mail holdout (demo)" }).ClickAsync();
        await Expect(page.Locator("#lift-test-panel")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator("#lift-compute").ClickAsync();   // no spend yet: says which field is missing
        await Expect(page.Locator("#lift-errors")).ToContainTextAsync("spend");
        await page.Locator("#lift-spend").FillAsync("1500");
        await page.Locator("#lift-compute").ClickAsync();
        await Expect(page.Locator("#lift-table")).ToContainTextAsync("Incremental KPI per period");
        await Expect(page.Locator("#lift-download")).ToHaveAttributeAsync("href", new Regex("format=csv&spend=1500"));
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ScreenshotAsync(page, "experiment-demo-lift-test");

        // The same lift test straight into a model run: the dialog starts a quick fit and the MMM page shows it.
        await page.Locator("#experiment-send-to-run").ClickAsync();
        await Expect(page.Locator("#send-to-run-start")).ToBeEnabledAsync(new() { Timeout = 30_000 });   // the datasets are loaded
        await page.Locator("#send-to-run-start").ClickAsync();   // no spend yet: the error is under the spend field
        var spendField = page.Locator(".mud-dialog .mud-input-control").Filter(new() { Has = page.Locator("#send-to-run-spend") });
        await Expect(spendField).ToContainTextAsync("spend is required");
        await page.Locator("#send-to-run-spend").FillAsync("1500");
        await Expect(spendField).Not.ToContainTextAsync("spend is required");   // filled in: the old error goes at once
        await BrowserFixture.ChooseAsync(page, "send-to-run-method", "Quick (posterior mode + Laplace)", "Laplace");
        await ScreenshotAsync(page, "experiment-send-to-run-dialog");
        await page.Locator("#send-to-run-start").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/mmm\\?run=[0-9a-f-]{36}$"), new() { Timeout = 30_000 });
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.WaitForTimeoutAsync(3000);
        await ScreenshotAsync(page, "experiment-sent-to-mmm");

        // The pooled lift test from the list's meta-analysis opens the same dialog.
        await BrowserFixture.GotoInteractiveAsync(page, "/experiments");
        await page.Locator("#meta-send-to-run").ClickAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#send-to-run-profiles")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator("#send-to-run-start").ClickAsync();
        await Expect(page.Locator(".mud-dialog .mud-input-control").Filter(new() { Has = page.Locator("#send-to-run-profiles") }))
            .ToContainTextAsync("profiles_per_period");
        await ScreenshotAsync(page, "experiments-pooled-send-to-run-dialog");
    }
}
