using System.Globalization;
using System.Text;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MeiroMmm.Tests.Browser;

/// <summary>
/// In Chromium: upload a CSV through the wizard (a malformed one first: every problem listed, nothing saved), see it
/// listed, switch between two KPIs; then the demo run's contributions, response curves, parameters and the optimizer.
/// </summary>
public sealed class MmmWorkspaceBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>60 weeks: sales and profit driven by tv and search spend, a price control.</summary>
    public static string TwoKpiCsv(bool malformed = false)
    {
        var sb = new StringBuilder("date,sales,profit,tv_spend,search_spend,price_index\n");
        for (int i = 0; i < 60; i++)
        {
            double tv = 1000 + 400 * Math.Sin(i / 5.0), search = 500 + 30 * (i % 7);
            double sales = 5_000 + 6.0 * tv + 8.0 * search + 300 * Math.Cos(i / 3.0);
            string date = new DateOnly(2024, 1, 1).AddDays(7 * (malformed && i == 10 ? i - 1 : i)).ToString("yyyy-MM-dd");
            string tvText = malformed && i == 4 ? "1.2k" : tv.ToString("0.##", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"{date},{sales:0},{0.3 * sales:0},{tvText},{search:0},{1 + 0.001 * i:0.000}\n");
        }
        return sb.ToString();
    }

    private Task<IPage> SignedInPageAsync(string path) => browser.SignedInPageAsync(path);

    private static Task ShotAsync(IPage page, string name) => BrowserFixture.ShotAsync(page, name);

    [Fact]
    public async Task Wizard_RejectsAMalformedFile_ThenSavesAValidOne_AndTheResultsSwitchBetweenKpis()
    {
        var store = browser.App.Services.GetRequiredService<DatasetStore>();
        int before = (await store.ListAsync(Ct)).Count;
        var page = await SignedInPageAsync("/mmm");
        await page.Locator("#upload-dataset").ClickAsync();
        var input = page.Locator("#upload-wizard input[type=file]");

        await BrowserFixture.SetInputFileWhenReadyAsync(input, new FilePayload { Name = "bad-weekly.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(TwoKpiCsv(malformed: true)) });
        await Expect(page.Locator("#upload-preview")).ToContainTextAsync("tv_spend", new() { Timeout = 30_000 });
        await page.Locator("#wizard-next").ClickAsync();
        await page.Locator("#wizard-next").ClickAsync();
        await Expect(page.Locator("#upload-problems")).ToContainTextAsync("'1.2k' is not a number.");
        await Expect(page.Locator("#upload-problems")).ToContainTextAsync("duplicate date");
        await Expect(page.Locator("#wizard-save")).ToBeDisabledAsync();
        await ShotAsync(page, "mmm-upload-problems.png");
        Assert.Equal(before, (await store.ListAsync(Ct)).Count);

        await page.Locator("#wizard-back").ClickAsync();
        await page.Locator("#wizard-back").ClickAsync();
        await BrowserFixture.SetInputFileWhenReadyAsync(input, new FilePayload { Name = "weekly-two-kpis.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(TwoKpiCsv()) });
        await Expect(page.Locator("#upload-preview")).ToContainTextAsync("price_index", new() { Timeout = 30_000 });
        await ShotAsync(page, "mmm-upload-file.png");
        await page.Locator("#wizard-next").ClickAsync();
        await Expect(page.Locator("#column-roles")).ToContainTextAsync("search_spend");
        await Expect(page.Locator("#spark-tv_spend .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await ShotAsync(page, "mmm-upload-columns.png");
        await page.Locator("#wizard-next").ClickAsync();
        await Expect(page.Locator("#upload-valid")).ToContainTextAsync("60 weekly periods");
        await ShotAsync(page, "mmm-upload-check.png");
        await page.Locator("#wizard-save").ClickAsync();
        await Expect(page.Locator("#datasets-table")).ToContainTextAsync("weekly-two-kpis", new() { Timeout = 30_000 });
        var saved = (await store.ListAsync(Ct)).Single(d => d.Name == "weekly-two-kpis");
        Assert.Equal(["sales", "profit"], saved.Kpis);

        // One quick fit per KPI: the page offers a KPI switch and their ROAS side by side.
        var runner = browser.App.Services.GetRequiredService<ModelFitRunner>();
        foreach (var kpi in saved.Kpis)
        {
            var start = await runner.StartAsync(ModelRunSettings.Preview(saved.Id, kpi, saved.Channels, saved.Controls), Ct);
            await runner.WaitAsync(start.RunId!.Value);
        }
        await BrowserFixture.GotoInteractiveAsync(page, "/mmm");
        await page.Locator("#datasets-table").GetByText("weekly-two-kpis").ClickAsync();
        await Expect(page.Locator("#kpi-roas-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.Locator("#kpi-comparison").ScrollIntoViewIfNeededAsync();
        await ShotAsync(page, "mmm-kpi-comparison.png");
    }

    [Fact]
    public async Task DemoRun_ShowsContributionsCurvesParametersAndTheOptimizer()
    {
        var runner = browser.App.Services.GetRequiredService<ModelFitRunner>();
        var demo = (await browser.App.Services.GetRequiredService<DatasetStore>().ListAsync(Ct)).Single(d => d.Origin == "demo");
        var fast = await runner.StartAsync(new ModelRunSettings(demo.Id, demo.Kpis[0], demo.Channels, demo.Controls, Chains: 2, Warmup: 100, Draws: 100, Seed: 5), Ct);
        await runner.WaitAsync(fast.RunId!.Value);
        var preview = await runner.StartAsync(ModelRunSettings.Preview(demo.Id, demo.Kpis[0], demo.Channels, demo.Controls), Ct);
        await runner.WaitAsync(preview.RunId!.Value);

        var page = await SignedInPageAsync($"/mmm?run={fast.RunId}");
        await Expect(page.Locator("#roas-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#model-results")).ToContainTextAsync("full posterior (NUTS)");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Contributions" }).ClickAsync();
        await Expect(page.Locator("#contributions-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#share-chart .main-svg").First).ToBeVisibleAsync();
        await Expect(page.Locator("#waterfall-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#waterfall-caption")).ToContainTextAsync("Observed");
        await page.Locator("#model-results").ScrollIntoViewIfNeededAsync();
        await ShotAsync(page, "mmm-results-contributions.png");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Response and carry-over" }).ClickAsync();
        await Expect(page.Locator("#response-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#adstock-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#adstock-caption")).ToContainTextAsync("tv_spend");
        await ShotAsync(page, "mmm-results-response-curves.png");
        await page.Locator("#diagnostics").ScrollIntoViewIfNeededAsync();
        await ShotAsync(page, "mmm-results-diagnostics.png");
        // A 2 × (100 + 100) run has many findings: the worst three show, the rest open behind one button.
        var findings = page.Locator("#run-quality-reasons .diagnostic-finding");
        int count = await findings.CountAsync();
        Assert.True(count > 3, $"{count} findings");
        await Expect(page.Locator("#run-quality-reasons .diagnostic-finding:visible")).ToHaveCountAsync(3);
        await page.Locator("#run-quality-toggle").ClickAsync();
        await Expect(page.Locator("#run-quality-reasons .diagnostic-finding:visible")).ToHaveCountAsync(count);
        await page.Locator("#run-quality-toggle").ClickAsync();
        await Expect(page.Locator("#run-quality-reasons .diagnostic-finding:visible")).ToHaveCountAsync(3);
        await page.Locator("#run-quality").ScrollIntoViewIfNeededAsync();
        await ShotAsync(page, "mmm-results-quality.png");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Parameters" }).ClickAsync();
        await Expect(page.Locator("#parameter-table")).ToContainTextAsync("adstock_alpha[tv_spend]");
        await ShotAsync(page, "mmm-results-parameters.png");

        // A 2 × 100-draw fit is graded "not usable": the optimizer refuses it; the Laplace preview (directional) is planned on.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Budget optimizer" }).ClickAsync();
        await Expect(page.Locator("#run-optimizer")).ToBeDisabledAsync();
        await BrowserFixture.GotoInteractiveAsync(page, $"/mmm?run={preview.RunId}");
        await Expect(page.Locator("#roas-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Tab, new() { Name = "Budget optimizer" }).ClickAsync();
        await ShotAsync(page, "mmm-results-optimizer-preview-run.png");
        await page.Locator("#run-optimizer").ClickAsync();
        await Expect(page.Locator("#opt-result")).ToContainTextAsync("tv_spend", new() { Timeout = 30_000 });
        await Expect(page.Locator("#optimizer-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#what-if-result")).ToContainTextAsync("Expected KPI from media");
        await ShotAsync(page, "mmm-results-optimizer.png");

        await page.Locator("#compare-with").ClickAsync();
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = "NUTS" }).First.ClickAsync();   // the preview is shown: compare with the NUTS run
        await Expect(page.Locator("#compare-roas-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#compare-contrib-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#compare-fit")).ToContainTextAsync("MAPE");
        await Expect(page.Locator("#compare-contributions")).ToContainTextAsync("tv_spend");
        await page.Locator("#run-comparison").ScrollIntoViewIfNeededAsync();
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ShotAsync(page, "mmm-results-compare.png");

        // Delete the preview run from the list, after confirming.
        var store = browser.App.Services.GetRequiredService<ModelRunStore>();
        var previewRow = page.Locator("#runs-table tr").Filter(new() { HasText = "Quick preview (Laplace)" }).First;
        await previewRow.Locator(".delete-run").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Delete model run");
        await ShotAsync(page, "mmm-run-delete-confirm.png");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        Assert.Null(await store.GetAsync(preview.RunId!.Value, Ct));
        Assert.NotNull(await store.GetAsync(fast.RunId!.Value, Ct));
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task ReopeningThePage_WhileAFitRuns_ShowsItsLiveProgressAgain()
    {
        var runner = browser.App.Services.GetRequiredService<ModelFitRunner>();
        var demo = (await browser.App.Services.GetRequiredService<DatasetStore>().ListAsync(Ct)).Single(d => d.Origin == "demo");
        var start = await runner.StartAsync(new ModelRunSettings(demo.Id, demo.Kpis[0], demo.Channels, demo.Controls, Chains: 1, Warmup: 5000, Draws: 5000, Seed: 3), Ct);
        var id = start.RunId!.Value;
        try
        {
            var first = await SignedInPageAsync("/mmm");
            await Expect(first.Locator("#fit-progress")).ToContainTextAsync("Fitting", new() { Timeout = 30_000 });
            await first.CloseAsync();

            // A new tab, as after closing the browser: the page finds the running fit and follows it again.
            var again = await SignedInPageAsync($"/mmm?run={id}");
            await Expect(again.Locator("#fit-progress")).ToContainTextAsync("iterations", new() { Timeout = 30_000 });
            // One chain is "Chain 1 of 1" (the label once read the loop variable after the loop: "Chain 2"), with its pace,
            // and the preview at the posterior mode is shown, marked as not the posterior.
            await Expect(again.Locator("#fit-progress .fit-chain")).ToHaveCountAsync(1);
            await Expect(again.Locator("#fit-progress .fit-chain")).ToContainTextAsync("Chain 1 of 1");
            await Expect(again.Locator("#fit-progress")).ToContainTextAsync("it/s", new() { Timeout = 30_000 });
            await Expect(again.Locator("#fit-progress")).ToContainTextAsync("left");
            await Expect(again.Locator("#live-preview")).ToContainTextAsync("Preview, not the posterior", new() { Timeout = 30_000 });
            string before = await again.Locator("#fit-progress").InnerTextAsync();
            await Expect(again.Locator("#fit-progress")).Not.ToHaveTextAsync(before, new() { Timeout = 30_000 });   // it is live: the numbers move
            await again.Locator("#fit-progress").ScrollIntoViewIfNeededAsync();
            await ShotAsync(again, "mmm-run-reattached.png");
        }
        finally
        {
            runner.Cancel(id);
            await runner.WaitAsync(id);
        }
    }
}
