using Bunit;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Tests.Infrastructure;
using MeiroMmm.Tests.Support;
using MeiroMmm.Web.Mmm;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace MeiroMmm.Tests.Components;

/// <summary>The upload wizard's steps on a real SQLite database: preview, suggested roles, every problem listed, save only when valid.</summary>
public sealed class DatasetUploadWizardTests : BunitContext
{
    private DatasetSummary? _saved;

    private async Task<IRenderedComponent<DatasetUploadWizard>> RenderWizardAsync()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build());
        await Services.AddSeededPersistenceAsync(seedDemo: false);
        return Render<DatasetUploadWizard>(p => p.Add(w => w.OnSaved, (DatasetSummary s) => _saved = s));
    }

    private static void Upload(IRenderedComponent<DatasetUploadWizard> wizard, string csv, string name) =>
        wizard.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(csv, name));

    private Task<IReadOnlyList<DatasetSummary>> StoredAsync() => Services.GetRequiredService<DatasetStore>().ListAsync(CancellationToken.None);

    [Fact]
    public async Task ValidFile_PreviewRolesCheckAndSave()
    {
        var wizard = await RenderWizardAsync();
        Upload(wizard, DatasetImportTests.WideCsv(), "shop-weekly.csv");
        wizard.WaitForAssertion(() => Assert.Equal(8, wizard.FindAll("#upload-preview tbody tr").Count));
        Assert.Contains("price_index", wizard.Find("#upload-preview thead").TextContent);

        wizard.Find("#wizard-next").Click();
        wizard.WaitForAssertion(() => Assert.Equal(6, wizard.FindAll("#column-roles tbody tr").Count));
        var roles = wizard.FindAll("#column-roles tbody tr").ToDictionary(r => r.QuerySelector("td b")!.TextContent, r => r.TextContent);
        Assert.Contains("Spend channel", roles["tv_spend"]);
        Assert.Contains("KPI", roles["profit"]);
        Assert.Contains("Control", roles["price_index"]);
        Assert.Contains("Detected from the dates: weekly", wizard.Markup);

        wizard.Find("#wizard-next").Click();
        wizard.WaitForAssertion(() => Assert.Contains("Ready to save: 12 weekly periods", wizard.Find("#upload-valid").TextContent));
        wizard.Find("#wizard-save").Click();
        wizard.WaitForAssertion(() => Assert.NotNull(_saved));
        Assert.Equal("shop-weekly", _saved!.Name);
        Assert.Single(await StoredAsync());
    }

    [Fact]
    public async Task XlsxWorkbook_OffersItsSheets_AndTheChosenOneGoesThroughTheSameSteps()
    {
        var wizard = await RenderWizardAsync();
        var xlsx = XlsxWorkbook.Create(("Read me", [["about"], ["weekly spend"]]), ("Weekly", XlsxWorkbook.Rows(DatasetImportTests.WideCsv())));
        wizard.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(xlsx, "shop.xlsx"));
        wizard.WaitForAssertion(() => Assert.NotNull(wizard.Find("#upload-sheet")));
        // The first sheet holds no data table: the reading problems say so; picking "Weekly" reads the data.
        await wizard.InvokeAsync(() => wizard.FindComponents<MudBlazor.MudSelect<string>>().First(s => s.Instance.Label == "Sheet").Instance.ValueChanged.InvokeAsync("Weekly"));
        wizard.WaitForAssertion(() => Assert.Equal(8, wizard.FindAll("#upload-preview tbody tr").Count));
        Assert.Contains("2025-01-06", wizard.Find("#upload-preview tbody").TextContent);

        wizard.Find("#wizard-next").Click();
        wizard.Find("#wizard-next").Click();
        wizard.WaitForAssertion(() => Assert.Contains("Ready to save: 12 weekly periods", wizard.Find("#upload-valid").TextContent));
        wizard.Find("#wizard-save").Click();
        wizard.WaitForAssertion(() => Assert.NotNull(_saved));
        Assert.Equal(["tv_spend", "search_spend"], _saved!.Channels);
    }

    [Fact]
    public async Task MalformedFile_ListsEveryProblem_AndCannotBeSaved()
    {
        var wizard = await RenderWizardAsync();
        var lines = DatasetImportTests.WideCsv().TrimEnd('\n').Split('\n').ToList();
        lines[2] = lines[2].Replace(",105,", ",oops,");
        lines[7] = lines[7].Split(',')[0] + ",,300,100,50,1.0";
        Upload(wizard, string.Join('\n', lines), "bad.csv");
        wizard.WaitForAssertion(() => Assert.NotEmpty(wizard.FindAll("#upload-preview tbody tr")));
        wizard.Find("#wizard-next").Click();
        wizard.Find("#wizard-next").Click();
        wizard.WaitForAssertion(() => Assert.Contains("'oops' is not a number.", wizard.Find("#upload-problems").TextContent));
        var rows = wizard.FindAll("#upload-problems tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("tv_spend") && r.Contains('2') && r.Contains("'oops'"));
        Assert.Contains(rows, r => r.Contains("sales") && r.Contains('7') && r.Contains("the cell is empty."));
        Assert.True(wizard.Find("#wizard-save").HasAttribute("disabled"));
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task TallFile_IsPivotedAndSaysSo()
    {
        var wizard = await RenderWizardAsync();
        var csv = "date,channel,campaign,spend,revenue\n" + string.Join("\n", Enumerable.Range(0, 12).SelectMany(i => new[]
        {
            $"{new DateOnly(2025, 1, 6).AddDays(7 * i):yyyy-MM-dd},Meta,brand,{10 + i},{100 + 3 * i}",
            $"{new DateOnly(2025, 1, 6).AddDays(7 * i):yyyy-MM-dd},TV,all,{50 + (i % 3)},0",
        }));
        Upload(wizard, csv, "tall.csv");
        wizard.WaitForAssertion(() => Assert.Contains("24 rows of date × channel were turned into 12 periods", wizard.Find("#tall-note").TextContent));
        Assert.Contains("meta_spend", wizard.Find("#upload-preview thead").TextContent);
        Assert.Contains("tv_spend", wizard.Find("#upload-preview thead").TextContent);
    }
}
