using System.Globalization;
using System.Text;
using MeiroMmm.Tests.DataSources;
using MeiroMmm.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MeiroMmm.Tests.Browser;

/// <summary>
/// The Data sources page's lower half, as a marketer uses it: journeys synced from the loopback CDP, spend uploaded as
/// a CSV and imported incrementally from the CDP's expenses endpoint, then the journeys → MMM dataset preview with a
/// channel mapping, saved as a dataset. Its own app (class fixture), so the connection test's counts stay untouched.
/// </summary>
public sealed class DataSourcesDatasetBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Analyst_UploadsAndImportsSpend_PreviewsTheDatasetFromJourneys_AndSavesIt()
    {
        await using var cdp = new FakeCdpServer();
        var day0 = new DateTimeOffset(2033, 5, 2, 0, 0, 0, TimeSpan.Zero);   // a Monday, far from the demo's dates
        for (int d = 0; d < 21; d++)
            for (int k = 0; k <= d % 4; k++)   // 1–4 conversions a day, 25 each
                cdp.Records.Add(FakeCdpServer.Record($"ds-{d:D2}-{k}", $"ds-p{d}-{k}", day0.AddDays(d).AddHours(10 + k), 25, "email", "google_ads"));
        // The CDP's spend: google_ads and bing_ads every day (both search, merged into one column below).
        for (int d = 0; d < 21; d++)
        {
            string date = day0.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            string updated = day0.AddDays(d + 1).ToString("O", CultureInfo.InvariantCulture);
            cdp.Expenses.Add(new() { ["date"] = date, ["channel"] = "google_ads", ["spend"] = 40 + 5 * (d % 3), ["currency"] = "EUR", ["updated_at"] = updated });
            cdp.Expenses.Add(new() { ["date"] = date, ["channel"] = "bing_ads", ["spend"] = "10.5", ["currency"] = "EUR", ["updated_at"] = updated });
        }

        var page = await browser.SignedInPageAsync("/data-sources");
        await Expect(page.Locator("#expenses-empty")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // A connection with an expenses endpoint, and its journeys.
        await page.Locator("#cdp-add").ClickAsync();
        await page.Locator("#cdp-name").FillAsync("Shop CDP");
        await page.Locator("#cdp-base-url").FillAsync(cdp.BaseUrl);
        await page.Locator("#cdp-api-key").FillAsync(FakeCdpServer.ApiKey);
        await page.Locator("#cdp-page-size").FillAsync("50");
        await page.Locator("#cdp-expenses-endpoint").FillAsync("expenses");
        await page.Locator("#cdp-segments-endpoint").FillAsync("segments");
        await page.Locator("#cdp-save").ClickAsync();
        await Expect(page.Locator("#cdp-connection-dialog")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        var card = page.Locator("[id^=cdp-connection-]").First;
        await card.Locator("[id^=cdp-sync-]").ClickAsync();
        await Expect(card.Locator("[id^=cdp-runs-] tbody tr").First).ToContainTextAsync("succeeded", new() { Timeout = 30_000 });

        // Spend uploaded as a CSV (email) …
        var csv = new StringBuilder("date,channel,campaign,spend,currency\n");
        for (int d = 0; d < 21; d++) csv.Append(CultureInfo.InvariantCulture, $"{day0.AddDays(d):yyyy-MM-dd},email,newsletter,{20 + d % 5},EUR\n");
        await BrowserFixture.SetInputFileWhenReadyAsync(page.Locator("#expenses-panel input[type=file]"), new FilePayload { Name = "spend.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv.ToString()) });
        await Expect(page.Locator("#expenses-message")).ToContainTextAsync("21 expense rows added", new() { Timeout = 30_000 });

        // … and imported from the CDP: everything the first time, then only what changed since the watermark.
        await page.Locator("[id^=expenses-import-]:not([id*=full])").First.ClickAsync();
        await Expect(page.Locator("#expenses-message")).ToContainTextAsync("Read all 42 rows: 42 expense rows added", new() { Timeout = 30_000 });
        await Expect(page.Locator("#expenses-message")).ToContainTextAsync("The next import asks for rows updated since 2033-05-23 00:00 UTC");
        await Expect(page.Locator("#expenses-summary tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#expenses-summary")).ToContainTextAsync("google_ads");
        await page.Locator("[id^=expenses-import-]:not([id*=full])").First.ClickAsync();
        await Expect(page.Locator("#expenses-message")).ToContainTextAsync("Read 2 rows updated since 2033-05-23 00:00 UTC: 0 expense rows added, 0 updated", new() { Timeout = 30_000 });
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.Locator("#expenses-panel").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "data-sources-expenses.png") });

        // The dataset: daily over the three weeks, purchases only, both search channels into one column.
        await page.Locator("#dataset-from").FillAsync("2033-05-02");
        await page.Locator("#dataset-to").FillAsync("2033-05-22");
        await page.Locator("#dataset-key").FillAsync("purchase");
        await page.Locator("#dataset-currency").FillAsync("EUR");
        await BrowserFixture.ChooseAsync(page, "dataset-frequency", "daily", "daily");
        await page.Locator("#dataset-preview").ClickAsync();
        await Expect(page.Locator("#dataset-preview-table tbody tr")).ToHaveCountAsync(21, new() { Timeout = 30_000 });
        await page.Locator("#dataset-map-google_ads").FillAsync("paid_search");
        await page.Locator("#dataset-map-bing_ads").FillAsync("paid_search");
        await page.Locator("#dataset-preview").ClickAsync();
        await Expect(page.Locator("#dataset-preview-table thead")).ToContainTextAsync("Spend: paid_search", new() { Timeout = 30_000 });
        await Expect(page.Locator("#dataset-preview-table thead")).Not.ToContainTextAsync("google_ads");
        // 2 May: one conversion of 25; search 40 + 10.5; email 20.
        var first = page.Locator("#dataset-preview-table tbody tr").First;
        await Expect(first).ToContainTextAsync("2033-05-02");
        await Expect(first).ToContainTextAsync("50.50 EUR");
        await Expect(first).ToContainTextAsync("20.00 EUR");
        await Expect(page.Locator("#dataset-preview-summary")).ToContainTextAsync("21 days");
        await page.Locator("#journey-dataset-panel").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "data-sources-dataset-preview.png") });

        await page.Locator("#dataset-name").FillAsync("Shop May 2033");
        await page.Locator("#dataset-save").ClickAsync();
        await Expect(page.Locator("#dataset-saved")).ToContainTextAsync("Saved \"Shop May 2033\": 21", new() { Timeout = 30_000 });
        await Expect(page.Locator("#dataset-saved")).ToContainTextAsync("paid_search");
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "data-sources-dataset-saved.png"), FullPage = true });
    }
}
