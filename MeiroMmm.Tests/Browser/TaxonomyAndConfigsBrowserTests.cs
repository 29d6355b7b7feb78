using System.Text.RegularExpressions;
using MeiroMmm.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MeiroMmm.Tests.Browser;

/// <summary>
/// An admin in Chromium: edits the taxonomy with the live tester and the impact preview, saves it and finds the new
/// version; then clones the active model config, meets a validation error at its field, fixes it and activates the draft.
/// </summary>
public sealed class TaxonomyAndConfigsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task GotoAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Expect(page.Locator(".mud-layout[data-interactive=true]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
    }

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png"), FullPage = true });

    private async Task<IPage> SignedInPageAsync(string path)
    {
        var page = await browser.Browser.NewPageAsync(new() { BaseURL = browser.BaseUrl, ViewportSize = new() { Width = 1500, Height = 950 } });
        await page.GotoAsync(path);
        await Expect(page).ToHaveURLAsync(new Regex("/login"));
        await Expect(page.Locator("#sign-in[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.Locator("#user-name").FillAsync("admin");
        await page.Locator("#password").FillAsync(MeiroAppFactory.AdminPassword);
        await page.Locator("#sign-in").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"), new() { Timeout = 15_000 });
        await Expect(page.Locator(".mud-layout[data-interactive=true]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        return page;
    }

    /// <summary>Types into a MudTextField that updates on change, then leaves it, as a person tabs to the next field.</summary>
    private static async Task TypeAsync(ILocator input, string text)
    {
        await input.FillAsync(text);
        await input.PressAsync("Tab");
    }

    [Fact]
    public async Task EditTaxonomy_WithLiveTesterAndImpactPreview_SaveAndSeeTheNewVersion()
    {
        var page = await SignedInPageAsync("/taxonomy");
        await Expect(page.Locator("[data-testid=taxonomy-version]")).ToHaveTextAsync("Version 1", new() { Timeout = 15_000 });
        await ScreenshotAsync(page, "taxonomy");

        await page.Locator("#taxonomy-edit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/taxonomy/edit$"));
        await Expect(page.Locator(".rule-row")).ToHaveCountAsync(12, new() { Timeout = 15_000 });

        // The live tester: the demo's unmapped partner tag is unknown under version 1.
        await page.Locator("#test-source").FillAsync("promo-partner");
        await page.Locator("#test-medium").FillAsync("(not set)");
        await Expect(page.Locator("[data-testid=test-channel]")).ToHaveTextAsync("unknown");
        await Expect(page.Locator("[data-testid=test-reason]")).ToContainTextAsync("No rule matches");

        // A new rule on top, first with mistakes that are explained at their fields.
        await page.Locator("#rule-add").ClickAsync();
        var row = page.Locator(".rule-row").First;
        var inputs = row.Locator("input");
        await Expect(inputs.Nth(0)).ToHaveValueAsync("New rule");
        await Expect(page.Locator(".rule-row")).ToHaveCountAsync(13);
        await TypeAsync(inputs.Nth(0), "Promo partner");
        await TypeAsync(inputs.Nth(1), "Affiliate X");
        await Expect(row).ToContainTextAsync("snake_case");
        await TypeAsync(inputs.Nth(1), "affiliate");
        await TypeAsync(inputs.Nth(2), "(promo");
        await Expect(row).ToContainTextAsync("Not a valid regular expression");
        await Expect(page.Locator("#taxonomy-save")).ToBeDisabledAsync();
        await TypeAsync(inputs.Nth(2), "promo-partner");
        await Expect(row).Not.ToContainTextAsync("Not a valid regular expression");

        // The tester follows the unsaved edit, and says what it is now.
        await Expect(page.Locator("[data-testid=test-channel]")).ToHaveTextAsync("affiliate");
        await Expect(page.Locator("[data-testid=test-rule]")).ToHaveTextAsync("Promo partner");
        await Expect(page.Locator("[data-testid=test-was]")).ToContainTextAsync("currently unknown");

        // A rule moved down with the arrow keeps its fields; moving it back restores the order.
        await row.Locator(".rule-down").ClickAsync();
        await Expect(page.Locator(".rule-row").Nth(1).Locator("input").Nth(0)).ToHaveValueAsync("Promo partner");
        await page.Locator(".rule-row").Nth(1).Locator(".rule-up").ClickAsync();
        await Expect(page.Locator(".rule-row").First.Locator("input").Nth(0)).ToHaveValueAsync("Promo partner");

        await page.Locator("#impact-preview").ClickAsync();
        await Expect(page.Locator("[data-testid=impact-changed]")).ToContainTextAsync("would change channel", new() { Timeout = 30_000 });
        await Expect(page.Locator("#impact-transitions")).ToContainTextAsync("affiliate");
        await Expect(page.Locator("[data-testid=impact-unknown]")).ToContainTextAsync("pp");
        await ScreenshotAsync(page, "taxonomy-editor");

        await page.Locator("#save-note").FillAsync("Promo partner traffic is affiliate");
        await page.Locator("#taxonomy-save").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("Save as version 2?");
        await Expect(dialog).ToContainTextAsync("stored touchpoints change channel");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator("#save-message")).ToHaveTextAsync("Saved as version 2.", new() { Timeout = 15_000 });
        await Expect(page.Locator("#editor-base")).ToContainTextAsync("Editing version 2");

        await GotoAsync(page, "/taxonomy");
        await Expect(page.Locator("[data-testid=taxonomy-version]")).ToHaveTextAsync("Version 2");
        await Expect(page.Locator("#versions-table")).ToContainTextAsync("2 (current)");
        await Expect(page.Locator("#versions-table")).ToContainTextAsync("Promo partner traffic is affiliate");
        await Expect(page.Locator("#rules-table")).ToContainTextAsync("Promo partner");
        await page.GetByRole(AriaRole.Button, new() { Name = "View" }).Last.ClickAsync();
        await Expect(page.Locator("#version-view")).ToContainTextAsync("Version 1");
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ScreenshotAsync(page, "taxonomy-versions");
    }

    [Fact]
    public async Task ModelConfigs_CloneEditWithAFieldErrorThenActivate()
    {
        var page = await SignedInPageAsync("/model-configs");
        await Expect(page.Locator("#configs-table")).ToContainTextAsync("Default purchase attribution", new() { Timeout = 15_000 });
        await Expect(page.Locator("#config-detail [data-testid=config-status]")).ToHaveTextAsync("Active");
        await ScreenshotAsync(page, "model-configs");

        await page.Locator("#config-clone").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Clone", Exact = true }).ClickAsync();
        await Expect(page.Locator("#config-detail [data-testid=config-status]")).ToHaveTextAsync("Draft", new() { Timeout = 15_000 });
        await Expect(page.Locator("#config-name")).ToHaveValueAsync("Default purchase attribution (copy)");

        await TypeAsync(page.Locator("#config-click-lookback"), "0");
        await page.Locator("#config-save").ClickAsync();
        await Expect(page.Locator("#config-errors")).ToContainTextAsync("config.windows.click_lookback_days");
        await Expect(page.Locator("#config-detail")).ToContainTextAsync("should be at least 1");
        await ScreenshotAsync(page, "model-config-error");

        await TypeAsync(page.Locator("#config-click-lookback"), "14");
        await TypeAsync(page.Locator("#config-name"), "Purchases, 14-day clicks");
        await page.Locator("#config-save").ClickAsync();
        await Expect(page.Locator("#config-message")).ToHaveTextAsync("Draft saved.");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Compare" }).ClickAsync();
        await Expect(page.Locator("#config-diff")).ToContainTextAsync("windows.click_lookback_days");
        await Expect(page.Locator("#config-diff")).ToContainTextAsync("14");
        await ScreenshotAsync(page, "model-config-compare");

        await page.Locator("#config-activate").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("which will be archived");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Activate", Exact = true }).ClickAsync();
        await Expect(page.Locator("#config-detail [data-testid=config-status]")).ToHaveTextAsync("Active", new() { Timeout = 15_000 });
        await Expect(page.Locator("#configs-table")).ToContainTextAsync("Archived");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Audit" }).ClickAsync();
        await Expect(page.Locator("#config-audit")).ToContainTextAsync("activated by admin");
        await Expect(page.Locator("#config-audit")).ToContainTextAsync("config.windows.click_lookback_days");
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ScreenshotAsync(page, "model-config-audit");
    }
}
