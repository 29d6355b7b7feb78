using Microsoft.Playwright;
using MeiroMmm.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace MeiroMmm.Tests.Browser;

/// <summary>A person in Chromium: sign in, open every module, toggle the theme, sign out.</summary>
public sealed class ModulePagesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly (string Path, string Heading, string Name)[] ModulePages =
    [
        ("/", "Overview", "overview"),
        ("/mmm", "Marketing mix modeling", "mmm"),
        ("/attribution", "Attribution", "attribution"),
        ("/experiments", "Experiments", "experiments"),
        ("/taxonomy", "Taxonomy", "taxonomy"),
        ("/model-configs", "Model configs", "model-configs"),
        ("/data-quality", "Data quality & alerts", "data-quality"),
        ("/data-sources", "Data sources", "data-sources"),
        ("/admin", "Settings & admin", "admin"),
    ];

    /// <summary>Opens a page and waits until its circuit is connected, as a person waits for the page to respond.</summary>
    private async Task<IPage> SignedInPageAsync()
    {
        var page = await browser.Browser.NewPageAsync(new() { BaseURL = browser.BaseUrl, ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.GotoAsync("/mmm");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "login.png") });
        await Expect(page.Locator("#sign-in[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator("#user-name").FillAsync("admin");
        await page.Locator("#password").FillAsync(MeiroAppFactory.AdminPassword);
        await page.Locator("#sign-in").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/mmm$"), new() { Timeout = 30_000 });
        return page;
    }

    [Fact]
    public async Task SignIn_VisitEveryModule_NoErrorUi_ThemeToggles_SignOut()
    {
        var page = await SignedInPageAsync();
        foreach (var (path, heading, name) in ModulePages)
        {
            await BrowserFixture.GotoInteractiveAsync(page, path);
            await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            await Expect(page.Locator(".mud-progress-linear")).ToHaveCountAsync(0, new() { Timeout = 30_000 });   // loaded
            if (path == "/mmm") await Expect(page.Locator("#kpi-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png"), FullPage = true });
        }

        await BrowserFixture.GotoInteractiveAsync(page, "/");
        await Expect(page.Locator("[data-testid=count-journeys]")).ToHaveTextAsync("3,000");
        string Background() => "() => getComputedStyle(document.body).backgroundColor";
        string light = await page.EvaluateAsync<string>(Background());
        await page.Locator("#theme-toggle").ClickAsync();
        await Expect(page.Locator("#theme-toggle")).ToHaveAttributeAsync("aria-label", "Toggle dark theme");
        await page.WaitForFunctionAsync($"(light) => ({Background()})() !== light", light);
        string dark = await page.EvaluateAsync<string>(Background());
        Assert.NotEqual(light, dark);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "overview-dark.png"), FullPage = true });
        await BrowserFixture.GotoInteractiveAsync(page, "/mmm");   // a full page load keeps the chosen theme
        await page.WaitForFunctionAsync($"(dark) => ({Background()})() === dark", dark);
        await Expect(page.Locator("#kpi-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "mmm-dark.png"), FullPage = true });
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();

        await page.Locator("#user-menu").ClickAsync();
        await page.Locator("#sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?signedOut=true"));
        await page.GotoAsync("/admin");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
    }

    [Fact]
    public async Task Admin_CreatesAnApiKey_SeesItOnce_AndTheKeyWorks()
    {
        var page = await SignedInPageAsync();
        await BrowserFixture.GotoInteractiveAsync(page, "/admin");
        await page.Locator("#new-key-name").FillAsync("browser-made key");
        await page.Locator("#create-key").ClickAsync();
        var secret = (await page.Locator("#created-key-secret").TextContentAsync())!.Trim();
        Assert.StartsWith("mmk_", secret);
        await Expect(page.Locator("#api-keys-table")).ToContainTextAsync("browser-made key");

        using var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", secret);
        var me = await http.GetStringAsync("/api/me", TestContext.Current.CancellationToken);
        Assert.Contains("\"role\":\"Analyst\"", me);

        await page.ReloadAsync();
        await Expect(page.Locator("#created-key-secret")).ToHaveCountAsync(0);   // shown once only
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-with-key.png"), FullPage = true });
    }
}
