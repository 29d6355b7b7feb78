using MeiroMmm.Infrastructure.Scheduling;
using MeiroMmm.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MeiroMmm.Tests.Browser;

/// <summary>An Admin in Chromium: creates an alert rule, the dq-run task runs, the alert is in the inbox; channels and the dashboard.</summary>
public sealed class DataQualityBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<IPage> SignedInPageAsync()
    {
        var page = await browser.Browser.NewPageAsync(new() { BaseURL = browser.BaseUrl, ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.GotoAsync("/data-quality");
        await Expect(page.Locator("#sign-in[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator("#user-name").FillAsync("admin");
        await page.Locator("#password").FillAsync(MeiroAppFactory.AdminPassword);
        await page.Locator("#sign-in").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/data-quality$"), new() { Timeout = 30_000 });
        return page;
    }

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name), FullPage = true });

    [Fact]
    public async Task CreateRuleInTheUi_RunDqTask_AlertAppearsInTheInbox_ThenRunNowAndChannels()
    {
        var page = await SignedInPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/data-quality");
        await Expect(page.Locator("#dq-empty")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await ShotAsync(page, "data-quality-empty.png");

        // Create the rule: unknown share above 1% (the demo's untagged partner traffic is more than that).
        await BrowserFixture.GotoInteractiveAsync(page, "/data-quality/rules");
        await Expect(page.Locator("#rules-table")).ToContainTextAsync("Unknown channel share above 15%");
        await page.Locator("#rule-name").FillAsync("Browser: unknown share above 1%");
        await page.Locator("#rule-threshold").FillAsync("0.01");
        await page.Locator("#rule-threshold").PressAsync("Tab");
        await page.Locator("#save-rule").ClickAsync();
        await Expect(page.Locator("#rule-saved")).ToBeVisibleAsync();
        await Expect(page.Locator("#rules-table")).ToContainTextAsync("Browser: unknown share above 1%");

        // The nightly task, run once as `task dq-run` runs it.
        var task = browser.App.Services.GetServices<IScheduledTask>().Single(t => t.Name == "dq-run");
        string summary = await task.RunAsync(TestContext.Current.CancellationToken);
        Assert.Contains("\"alerts_created\":", summary);

        await BrowserFixture.GotoInteractiveAsync(page, "/data-quality/alerts");
        await Expect(page.Locator("#alerts-table")).ToContainTextAsync("Browser: unknown share above 1%", new() { Timeout = 30_000 });
        await Expect(page.Locator("#alerts-table")).ToContainTextAsync("No new journeys for 24 h");
        var row = page.Locator("#alerts-table tr", new() { HasText = "Browser: unknown share above 1%" });
        await row.Locator(".ack-button").ClickAsync();
        await Expect(row).ToContainTextAsync("acknowledged");
        await row.Locator("td").Nth(3).ClickAsync();
        await Expect(page.Locator("#alert-detail")).ToBeVisibleAsync();
        await page.Locator("#note-text").FillAsync("Partner tag fixed on Monday");
        await page.Locator("#note-text").PressAsync("Tab");
        await page.Locator("#note-button").ClickAsync();
        await Expect(page.Locator("#audit-table")).ToContainTextAsync("Partner tag fixed on Monday");
        await Expect(page.Locator("#audit-table")).ToContainTextAsync("acknowledged");
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ShotAsync(page, "data-quality-alerts.png");

        // Dashboard with data, then Run now from the page.
        await BrowserFixture.GotoInteractiveAsync(page, "/data-quality");
        await Expect(page.Locator("#dq-status-table")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#dq-metric-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator("#run-now").ClickAsync();
        await Expect(page.Locator("#run-result")).ToContainTextAsync("Run finished", new() { Timeout = 30_000 });
        await Expect(page.Locator("#run-result")).ToContainTextAsync("0 new alert(s)");   // same breaches, no new alerts
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ShotAsync(page, "data-quality.png");

        // Rules page again: the preview now has snapshots to judge.
        await BrowserFixture.GotoInteractiveAsync(page, "/data-quality/rules");
        await Expect(page.Locator("#preview-summary")).ToContainTextAsync("would have fired", new() { Timeout = 30_000 });
        await Expect(page.Locator("#rule-preview-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await ShotAsync(page, "data-quality-rules.png");

        // A Slack channel against a real local webhook listener, and a test send.
        await using var webhook = new WebhookTestServer(FreePort.Next());
        await BrowserFixture.GotoInteractiveAsync(page, "/data-quality/channels");
        await Expect(page.Locator("#channels-empty")).ToBeVisibleAsync();
        await page.Locator("#channel-name").FillAsync("Data team Slack");
        await BrowserFixture.ChooseAsync(page, "channel-kind", "Slack incoming webhook", "Slack");
        await page.Locator("#channel-webhook").FillAsync(webhook.Url);
        await page.Locator("#channel-webhook").PressAsync("Tab");
        await page.Locator("#create-channel").ClickAsync();
        await Expect(page.Locator("#channels-table")).ToContainTextAsync("Data team Slack");
        await Expect(page.Locator("#channels-table")).Not.ToContainTextAsync("secret-token");
        await page.Locator(".send-test").First.ClickAsync();
        await Expect(page.Locator("#test-result")).ToContainTextAsync("Test message sent", new() { Timeout = 30_000 });
        await Expect(page.Locator("#deliveries-table")).ToContainTextAsync("sent");
        Assert.Single(webhook.Bodies);
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ShotAsync(page, "data-quality-channels.png");
    }
}
