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
    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png"), FullPage = true });

    private async Task<IPage> SignedInPageAsync(string path)
    {
        var page = await browser.Browser.NewPageAsync(new() { BaseURL = browser.BaseUrl, ViewportSize = new() { Width = 1500, Height = 950 } });
        await page.GotoAsync(path);
        await Expect(page).ToHaveURLAsync(new Regex("/login"));
        await Expect(page.Locator("#sign-in[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator("#user-name").FillAsync("admin");
        await page.Locator("#password").FillAsync(MeiroAppFactory.AdminPassword);
        await page.Locator("#sign-in").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"), new() { Timeout = 30_000 });
        await Expect(page.Locator(".mud-layout[data-interactive=true]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
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
        await Expect(page.Locator("[data-testid=taxonomy-version]")).ToHaveTextAsync("Version 1", new() { Timeout = 30_000 });
        await ScreenshotAsync(page, "taxonomy");

        await page.Locator("#taxonomy-edit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/taxonomy/edit$"));
        await Expect(page.Locator(".rule-row")).ToHaveCountAsync(12, new() { Timeout = 30_000 });

        // The live tester: the demo's unmapped partner tag is unknown under version 1.
        await page.Locator("#test-source").FillAsync("promo-partner");
        await page.Locator("#test-medium").FillAsync("(not set)");
        await Expect(page.Locator("[data-testid=test-channel]")).ToHaveTextAsync("unknown");
        await Expect(page.Locator("[data-testid=test-reason]")).ToContainTextAsync("No rule matches");

        // A new rule on top, opened in the rule form, first with mistakes that are explained at the field and in its row.
        await page.Locator("#rule-add").ClickAsync();
        await Expect(page.Locator(".rule-row")).ToHaveCountAsync(13);
        var row = page.Locator(".rule-row").First;
        await Expect(page.Locator("#rule-form-title")).ToHaveTextAsync("Rule 1: New rule");
        await Expect(page.Locator("#edit-rule-name")).ToHaveValueAsync("New rule");
        await TypeAsync(page.Locator("#edit-rule-name"), "Promo partner");
        await Expect(row.Locator(".rule-name")).ToHaveTextAsync("Promo partner");
        await TypeAsync(page.Locator("#edit-rule-channel"), "Affiliate X");
        await Expect(page.Locator("#rule-form")).ToContainTextAsync("snake_case");
        await Expect(row.Locator(".rule-problem")).ToContainTextAsync("snake_case");
        await TypeAsync(page.Locator("#edit-rule-channel"), "affiliate");
        await TypeAsync(page.Locator("#edit-rule-source"), "(promo");
        await Expect(page.Locator("#rule-form")).ToContainTextAsync("Not a valid regular expression");
        await Expect(row.Locator(".rule-problem")).ToContainTextAsync("Not a valid regular expression");
        await Expect(page.Locator("#taxonomy-save")).ToBeDisabledAsync();
        await TypeAsync(page.Locator("#edit-rule-source"), "promo-partner");
        await Expect(page.Locator("#rule-form")).Not.ToContainTextAsync("Not a valid regular expression");
        await Expect(row.Locator(".rule-problem")).ToHaveCountAsync(0);
        await Expect(row).ToContainTextAsync("promo-partner");

        // The tester follows the unsaved edit, and says what it is now.
        await Expect(page.Locator("[data-testid=test-channel]")).ToHaveTextAsync("affiliate");
        await Expect(page.Locator("[data-testid=test-rule]")).ToHaveTextAsync("Promo partner");
        await Expect(page.Locator("[data-testid=test-was]")).ToContainTextAsync("currently unknown");

        // The keyboard way: a rule moved down with its arrow, then back up.
        var names = await NamesAsync(page);
        Assert.Equal("Promo partner", names[0]);
        await row.Locator(".rule-down").ClickAsync();
        await Expect(page.Locator(".rule-row").Nth(1).Locator(".rule-name")).ToHaveTextAsync("Promo partner");
        await Expect(page.Locator(".rule-row").First.Locator(".rule-name")).ToHaveTextAsync(names[1]);
        await page.Locator(".rule-row").Nth(1).Locator(".rule-up").ClickAsync();
        await Expect(page.Locator(".rule-row").First.Locator(".rule-name")).ToHaveTextAsync("Promo partner");

        // Dragged by its handle two places down, the new rule keeps its fields and the rules it passed move up; the form
        // still edits that rule (now number 3), and text typed there lands in it.
        await page.Locator(".rule-row").First.Locator(".rule-handle").DragToAsync(page.Locator(".rule-row").Nth(2));
        await Expect(page.Locator(".rule-row").Nth(2).Locator(".rule-name")).ToHaveTextAsync("Promo partner");
        Assert.Equal([names[1], names[2], "Promo partner", .. names.Skip(3)], await NamesAsync(page));
        await Expect(page.Locator("#rule-form-title")).ToHaveTextAsync("Rule 3: Promo partner");
        await TypeAsync(page.Locator("#edit-rule-name"), "Promo partner (affiliate)");
        await Expect(page.Locator(".rule-row").Nth(2).Locator(".rule-name")).ToHaveTextAsync("Promo partner (affiliate)");
        await Expect(page.Locator("[data-testid=test-rule]")).ToHaveTextAsync("Promo partner (affiliate)");
        Assert.Equal([names[1], names[2], "Promo partner (affiliate)", .. names.Skip(3)], await NamesAsync(page));
        // Clicking another row opens that rule in the form.
        await page.Locator(".rule-row").First.Locator(".rule-name").ClickAsync();
        await Expect(page.Locator("#rule-form-title")).ToHaveTextAsync($"Rule 1: {names[1]}");
        await Expect(page.Locator("#edit-rule-name")).ToHaveValueAsync(names[1]);

        await page.Locator("#impact-preview").ClickAsync();
        await Expect(page.Locator("[data-testid=impact-changed]")).ToContainTextAsync("would change channel", new() { Timeout = 30_000 });
        await Expect(page.Locator("#impact-chart-plot .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#impact-chart-plot")).ToContainTextAsync("Channels that change");
        await Expect(page.Locator("#impact-transitions")).ToContainTextAsync("affiliate");
        await Expect(page.Locator("[data-testid=impact-unknown]")).ToContainTextAsync("pp");
        await ScreenshotAsync(page, "taxonomy-editor");

        await page.Locator("#save-note").FillAsync("Promo partner traffic is affiliate");
        await page.Locator("#taxonomy-save").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("Save as version 2?");
        await Expect(dialog).ToContainTextAsync("stored touchpoints change channel");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator("#save-message")).ToHaveTextAsync("Saved as version 2.", new() { Timeout = 30_000 });
        await Expect(page.Locator("#editor-base")).ToContainTextAsync("Editing version 2");
        // The dragged order is the saved priority order.
        await Expect(page.Locator(".rule-row").Nth(2).Locator(".rule-name")).ToHaveTextAsync("Promo partner (affiliate)");
        Assert.Equal([names[1], names[2], "Promo partner (affiliate)", .. names.Skip(3)], await NamesAsync(page));

        await BrowserFixture.GotoInteractiveAsync(page, "/taxonomy");
        await Expect(page.Locator("[data-testid=taxonomy-version]")).ToHaveTextAsync("Version 2");
        await Expect(page.Locator("#versions-table")).ToContainTextAsync("2 (current)");
        await Expect(page.Locator("#versions-table")).ToContainTextAsync("Promo partner traffic is affiliate");
        await Expect(page.Locator("#rules-table")).ToContainTextAsync("Promo partner");
        await page.GetByRole(AriaRole.Button, new() { Name = "View" }).Last.ClickAsync();
        await Expect(page.Locator("#version-view")).ToContainTextAsync("Version 1");
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ScreenshotAsync(page, "taxonomy-versions");
    }

    /// <summary>The rule names in the editor, top to bottom.</summary>
    private static async Task<List<string>> NamesAsync(IPage page) => [.. await page.Locator(".rule-row .rule-name").AllInnerTextsAsync()];

    [Fact]
    public async Task ModelConfigs_CloneEditWithAFieldErrorThenActivate()
    {
        var page = await SignedInPageAsync("/model-configs");
        await Expect(page.Locator("#configs-table")).ToContainTextAsync("Default purchase attribution", new() { Timeout = 30_000 });
        await Expect(page.Locator("#config-detail [data-testid=config-status]")).ToHaveTextAsync("Active");
        await ScreenshotAsync(page, "model-configs");

        await page.Locator("#config-clone").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Clone", Exact = true }).ClickAsync();
        await Expect(page.Locator("#config-detail [data-testid=config-status]")).ToHaveTextAsync("Draft", new() { Timeout = 30_000 });
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
        await Expect(page.Locator("#config-detail [data-testid=config-status]")).ToHaveTextAsync("Active", new() { Timeout = 30_000 });
        await Expect(page.Locator("#configs-table")).ToContainTextAsync("Archived");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Audit" }).ClickAsync();
        await Expect(page.Locator("#config-audit")).ToContainTextAsync("activated by admin");
        await Expect(page.Locator("#config-audit")).ToContainTextAsync("config.windows.click_lookback_days");
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ScreenshotAsync(page, "model-config-audit");
    }
}
