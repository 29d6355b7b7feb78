using MeiroMmm.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MeiroMmm.Tests.Browser;

/// <summary>In Chromium: the attribution page before any run, a JSON Lines upload with a bad line, then all models compared.</summary>
public sealed class AttributionBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Journeys = """
        {"customer_id":"ui-1","touchpoints":[{"channel":"email","timestamp":"2026-10-20T10:00:00Z"},{"channel":"paid_search","timestamp":"2026-10-21T10:00:00Z"}],"conversion_value":150,"conversion_id":"ui-order-1","conversion_ts":"2026-10-21T12:00:00Z"}
        {"customer_id":"ui-2","touchpoints":[{"source":"facebook","medium":"paid_social","timestamp":"2026-10-22T10:00:00Z"}],"conversion_value":80,"conversion_id":"ui-order-2","conversion_ts":"2026-10-22T11:00:00Z"}
        {"customer_id":"ui-3","touchpoints":[{"channel":"display","timestamp":"2026-10-01T10:00:00Z"}],"converted":false}
        {"touchpoints":[{"channel":"email"}]}
        """;

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task UploadJourneys_RunAllModels_SeeTheComparison()
    {
        var page = await browser.SignedInPageAsync("/attribution");

        // The demo journeys are there, no model has run yet; the paths come from the aggregates.
        await Expect(page.Locator("[data-testid=journeys-total]")).ToHaveTextAsync("3,000", new() { Timeout = 30_000 });
        await Expect(page.Locator("#results-empty")).ToBeVisibleAsync();
        await Expect(page.Locator("#top-paths-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#config-applied")).ToContainTextAsync("is applied");
        await page.ScreenshotAsync(new() { Path = Shot("attribution-before-run.png"), FullPage = true });

        string file = Path.Combine(Path.GetTempPath(), $"journeys-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(file, Journeys, TestContext.Current.CancellationToken);
        await BrowserFixture.SetInputFileWhenReadyAsync(page.Locator("#journey-upload input[type=file]"), file);   // the browser reads it lazily: delete at the end
        await Expect(page.Locator("#upload-summary")).ToContainTextAsync("3 journeys stored, 1 rejected, 0 duplicates", new() { Timeout = 30_000 });
        await Expect(page.Locator("#upload-summary")).ToContainTextAsync("1 touchpoint took the channel the taxonomy gives its source/medium");
        await Expect(page.Locator("#upload-rejects")).ToContainTextAsync("customer_id");
        await Expect(page.Locator("[data-testid=journeys-total]")).ToHaveTextAsync("3,003");
        await page.EvaluateAsync("window.scrollTo(0, 0)");   // a full-page shot of a scrolled page draws the sticky app bar mid-page
        await page.ScreenshotAsync(new() { Path = Shot("attribution-uploaded.png"), FullPage = true });

        await page.Locator("#run-all").ClickAsync();
        await Expect(page.Locator("#comparison-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#comparison-table")).ToContainTextAsync("Markov");
        await Expect(page.Locator("#comparison-table")).ToContainTextAsync("Shapley");
        await Expect(page.Locator("#comparison-chart .legendtext")).ToHaveCountAsync(7);
        await Expect(page.Locator("#removal-chart .main-svg").First).ToBeVisibleAsync();
        await Expect(page.Locator("#settings-used")).ToContainTextAsync("click 30 d");
        // The run started from the active model config of the demo's conversion key, and says so.
        await Expect(page.Locator("#config-applied")).ToContainTextAsync("Model config");
        await Expect(page.Locator("#settings-used")).ToContainTextAsync("from model config #");
        await Expect(page.Locator("#path-length-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#time-to-convert-chart .main-svg").First).ToBeVisibleAsync();
        await Expect(page.Locator("#journey-histograms")).ToContainTextAsync("conversions of key 'purchase'");
        // Attribution vs MMM: the demo dataset has no fitted run yet, and the mapping is the name-match suggestion.
        await Expect(page.Locator("#mmm-compare-missing")).ToContainTextAsync("No completed MMM run");
        await Expect(page.Locator("#mapping-state")).ToContainTextAsync("Suggested by name");
        await Expect(page.Locator("#mapping-table")).ToContainTextAsync("paid_search");
        await page.Locator("#journey-histograms").ScreenshotAsync(new() { Path = Shot("attribution-histograms.png") });
        await page.Locator("#attribution-vs-mmm").ScreenshotAsync(new() { Path = Shot("attribution-vs-mmm.png") });
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = Shot("attribution-models.png"), FullPage = true });
        File.Delete(file);
    }
}
