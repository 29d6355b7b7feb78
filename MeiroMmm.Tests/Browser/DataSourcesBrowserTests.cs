using MeiroMmm.Infrastructure.DataSources;
using MeiroMmm.Tests.DataSources;
using MeiroMmm.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MeiroMmm.Tests.Browser;

/// <summary>An Admin runs a sync of a connection to the loopback CDP from the Data sources page and sees its import log.</summary>
public sealed class DataSourcesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Admin_SyncsAConnection_AndSeesTheImportLog()
    {
        await using var cdp = new FakeCdpServer();
        var t0 = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < 12; i++) cdp.Records.Add(FakeCdpServer.Record($"ui-{i:D2}", $"p{i}", t0.AddMinutes(i), 20, "email", "paid_search"));
        var (connection, errors) = await browser.App.Services.GetRequiredService<CdpConnectionStore>().CreateAsync(new CdpConnectionInput(
            "Meiro test CDP", cdp.BaseUrl, "conversion-paths", 5, FakeCdpServer.ApiKey, null, null, null, ["purchase"], null), TestContext.Current.CancellationToken);
        Assert.Empty(errors);

        var page = await browser.Browser.NewPageAsync(new() { BaseURL = browser.BaseUrl, ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.GotoAsync("/data-sources");
        await Expect(page.Locator("#sign-in[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.Locator("#user-name").FillAsync("admin");
        await page.Locator("#password").FillAsync(MeiroAppFactory.AdminPassword);
        await page.Locator("#sign-in").ClickAsync();
        await Expect(page.Locator(".mud-layout[data-interactive=true]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(page.Locator("h1")).ToHaveTextAsync("Data sources", new() { Timeout = 15_000 });

        await page.Locator($"#cdp-sync-{connection!.Id}").ClickAsync();
        var log = page.Locator($"#cdp-runs-{connection.Id}");
        await Expect(log).ToContainTextAsync("succeeded", new() { Timeout = 15_000 });
        await Expect(log.Locator("tbody tr").First).ToContainTextAsync("incremental");
        await Expect(log.Locator("tbody tr td").Nth(4)).ToHaveTextAsync("3");    // pages of 5, 5, 2
        await Expect(log.Locator("tbody tr td").Nth(5)).ToHaveTextAsync("12");   // journeys stored
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "data-sources-sync.png"), FullPage = true });
    }
}
