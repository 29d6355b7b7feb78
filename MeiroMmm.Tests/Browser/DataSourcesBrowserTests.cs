using MeiroMmm.Tests.DataSources;
using MeiroMmm.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MeiroMmm.Tests.Browser;

/// <summary>
/// An Admin configures a connection to the loopback CDP through the form, tests it, syncs it in the background with
/// progress, sees the import log and the quarantine, and finds the new journeys in Attribution.
/// </summary>
public sealed class DataSourcesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Admin_ConfiguresAConnectionInTheForm_Tests_Syncs_AndSeesTheJourneysInAttribution()
    {
        await using var cdp = new FakeCdpServer();
        var t0 = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < 12; i++) cdp.Records.Add(FakeCdpServer.Record($"ui-{i:D2}", $"p{i}", t0.AddMinutes(i), 20, "email", "paid_search"));
        var broken = FakeCdpServer.Record("ui-broken", "p-x", t0.AddMinutes(30), 20, "email");
        broken.Remove("profile_id");
        cdp.Records.Add(broken);

        var page = await browser.SignedInPageAsync("/data-sources");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Data sources", new() { Timeout = 30_000 });
        await Expect(page.Locator("#data-sources-empty")).ToBeVisibleAsync();

        await page.Locator("#cdp-add").ClickAsync();
        await Expect(page.Locator("#cdp-connection-dialog")).ToBeVisibleAsync();
        await page.Locator("#cdp-name").FillAsync("Meiro test CDP");
        await page.Locator("#cdp-base-url").FillAsync(cdp.BaseUrl);
        await page.Locator("#cdp-api-key").FillAsync("wrong-key");
        await page.Locator("#cdp-page-size").FillAsync("5");
        await page.Locator("#cdp-conversion-types").FillAsync("purchase");
        await page.Locator("#cdp-test").ClickAsync();
        await Expect(page.Locator("#cdp-test-result")).ToContainTextAsync("API key not accepted", new() { Timeout = 30_000 });
        await Expect(page.Locator("#cdp-test-result")).ToContainTextAsync("refused the API key");

        await page.Locator("#cdp-api-key").FillAsync(FakeCdpServer.ApiKey);
        await page.Locator("#cdp-test").ClickAsync();
        await Expect(page.Locator("#cdp-test-result")).ToContainTextAsync("sample record maps to a journey", new() { Timeout = 30_000 });
        await Expect(page.Locator("#cdp-sample-journey")).ToContainTextAsync("email > paid_search");
        // A wrong path for the profile: the preview on the sample shows the reject.
        await page.Locator("#cdp-map-profile_id").FillAsync("customer.id");
        await page.Locator("#cdp-preview").ClickAsync();
        await Expect(page.Locator("#cdp-sample-journey")).ToContainTextAsync("customer_id");
        await page.Locator("#cdp-map-profile_id").FillAsync("profile_id");
        await page.Locator("#cdp-preview").ClickAsync();
        await Expect(page.Locator("#cdp-sample-journey")).ToContainTextAsync("p0");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "data-sources-connection-form.png"), FullPage = true });
        await page.Locator("#cdp-save").ClickAsync();
        await Expect(page.Locator("#cdp-connection-dialog")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        var card = page.Locator("[id^=cdp-connection-]").First;
        await Expect(card).ToContainTextAsync("Meiro test CDP");
        await card.Locator("[id^=cdp-sync-]").ClickAsync();
        var log = card.Locator("[id^=cdp-runs-]");
        await Expect(log.Locator("tbody tr").First).ToContainTextAsync("succeeded", new() { Timeout = 30_000 });
        await Expect(log.Locator("tbody tr").First).ToContainTextAsync("incremental");
        await Expect(log.Locator("tbody tr td").Nth(4)).ToHaveTextAsync("3");    // pages of 5, 5, 3
        await Expect(log.Locator("tbody tr td").Nth(5)).ToHaveTextAsync("12");   // journeys stored
        await Expect(log.Locator("tbody tr td").Nth(7)).ToHaveTextAsync("1");    // the record without a profile
        await Expect(card.Locator("[id^=cdp-quarantine-count-]")).ToContainTextAsync("1 record(s) rejected", new() { Timeout = 30_000 });
        await Expect(card.Locator("[id^=cdp-quarantine-]").Last).ToContainTextAsync("customer_id");
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "data-sources-sync.png"), FullPage = true });

        // The demo's 3,000 journeys plus the 12 from the CDP.
        await BrowserFixture.GotoInteractiveAsync(page, "/attribution");
        await Expect(page.Locator("[data-testid=journeys-total]")).ToHaveTextAsync("3,012", new() { Timeout = 30_000 });
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "data-sources-attribution.png"), FullPage = true });
    }
}
