using MeiroMmm.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MeiroMmm.Tests.Browser;

/// <summary>The app on a real Kestrel port and Debian's Chromium driven by Playwright, one of each per test class.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright _playwright = default!;
    public MeiroAppFactory App { get; } = new();
    public IBrowser Browser { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";

    /// <summary>Where screenshots go: $MEIRO_SCREENSHOTS, else a folder beside the test binaries.</summary>
    public static string ScreenshotFolder { get; } =
        Environment.GetEnvironmentVariable("MEIRO_SCREENSHOTS") ?? Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>A new 1400×900 page signed in as the admin, at <paramref name="path"/>, with its circuit interactive.</summary>
    public async Task<IPage> SignedInPageAsync(string path)
    {
        var page = await Browser.NewPageAsync(new() { BaseURL = BaseUrl, ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.GotoAsync(path);
        await Assertions.Expect(page.Locator("#sign-in[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator("#user-name").FillAsync("admin");
        await page.Locator("#password").FillAsync(MeiroAppFactory.AdminPassword);
        await page.Locator("#sign-in").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-layout[data-interactive=true]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        return page;
    }

    /// <summary>
    /// Loads <paramref name="path"/> and waits for its circuit: the prerendered page shows before Blazor connects, and a
    /// click or tick made then is lost (a busy CI machine lost two checkbox ticks that way).
    /// </summary>
    public static async Task GotoInteractiveAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Assertions.Expect(page.Locator(".mud-layout[data-interactive=true]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
    }

    /// <summary>
    /// Picks <paramref name="option"/> in the MudSelect whose input has id <paramref name="selectId"/> and waits until
    /// the select shows <paramref name="shownValue"/>. Under load a pick can be lost (the menu was still opening), which
    /// left a dataset preview weekly instead of daily on CI; so the pick is checked and made again, up to three times.
    /// </summary>
    public static async Task ChooseAsync(IPage page, string selectId, string option, string shownValue)
    {
        var control = page.Locator($".mud-select:has(#{selectId}) .mud-input-control").First;
        var item = page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true });
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (!await item.IsVisibleAsync()) await control.ClickAsync();
                await item.ClickAsync(new() { Timeout = 10_000 });
                await Assertions.Expect(page.Locator($"#{selectId}")).ToHaveValueAsync(shownValue, new() { Timeout = 10_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3) { }
        }
    }

    /// <summary>A full-page screenshot into <see cref="ScreenshotFolder"/>.</summary>
    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name), FullPage = true });

    /// <summary>
    /// Sets a file on a Blazor InputFile once its script has attached its 'change' listener: a file set before that is
    /// lost without a trace (the wizard then never shows a preview), which happened under load.
    /// </summary>
    public static async Task SetInputFileWhenReadyAsync(ILocator input, FilePayload file)
    {
        await WaitForInputFileAsync(input);
        await input.SetInputFilesAsync(file);
    }

    /// <inheritdoc cref="SetInputFileWhenReadyAsync(ILocator, FilePayload)"/>
    public static async Task SetInputFileWhenReadyAsync(ILocator input, string path)
    {
        await WaitForInputFileAsync(input);
        await input.SetInputFilesAsync(path);
    }

    // Blazor's InputFile init sets _blazorInputFileNextFileId on the element when it adds its listeners.
    private static async Task WaitForInputFileAsync(ILocator input) =>
        await input.Page.WaitForFunctionAsync("e => e._blazorInputFileNextFileId !== undefined",
            await input.ElementHandleAsync(new() { Timeout = 30_000 }), new() { Timeout = 30_000 });

    public async ValueTask InitializeAsync()
    {
        // Browser classes run beside fits and other browsers on two cores; CI's machine is slower still. A passing wait
        // returns as soon as its condition holds, so a generous limit only delays a real failure.
        Assertions.SetDefaultExpectTimeout(30_000);
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").Replace("localhost", "127.0.0.1");
        _playwright = await Playwright.CreateAsync();
        // Debian's chromium package. Playwright's own browser download does not work here.
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
    }
}
