using Bunit;
using MeiroMmm.Tests.Support;
using MeiroMmm.Web.Attribution;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace MeiroMmm.Tests.Components;

/// <summary>The attribution page in bUnit on a real SQLite database: the empty workspace, and a Viewer's view of the demo.</summary>
public sealed class AttributionPageComponentTests : BunitContext
{
    private async Task SetUpAsync(bool seedDemo)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        AddAuthorization().SetAuthorized("viewer");
        await Services.AddSeededPersistenceAsync(seedDemo);
    }

    [Fact]
    public async Task EmptyWorkspace_SaysWhatIsMissing_AndHidesTheModels()
    {
        await SetUpAsync(seedDemo: false);
        var page = Render<AttributionPage>();
        page.WaitForAssertion(() => Assert.Contains("No journeys yet", page.Find("#attribution-empty").TextContent));
        Assert.Empty(page.FindAll("#run-settings"));
        Assert.Empty(page.FindAll("#journey-upload"));   // a Viewer cannot upload
    }

    [Fact]
    public async Task Viewer_SeesTheDemoPathsButNoRunButton()
    {
        await SetUpAsync(seedDemo: true);
        var page = Render<AttributionPage>();
        page.WaitForAssertion(() => Assert.Equal(15, page.FindAll("#paths-table tbody tr").Count));
        Assert.Contains("No model has been run", page.Find("#results-empty").TextContent);
        Assert.Empty(page.FindAll("#run-all"));
        page.Find("#transitions-heatmap");
        Assert.Contains("Assisted ÷ last touch", page.Find("#assists-table").TextContent);
        // The demo's default config is active for "purchase": the page picks that key and says which config it applies.
        page.WaitForAssertion(() => Assert.Contains("is applied", page.Find("#config-applied").TextContent));
        Assert.Contains("“purchase”", page.Find("#config-applied").TextContent);
        page.WaitForAssertion(() => Assert.Contains("Suggested by name", page.Find("#mapping-state").TextContent));
        Assert.Contains("paid_search → search_spend", page.Find("#attribution-vs-mmm").TextContent);   // read-only for a Viewer
        Assert.Empty(page.FindAll("#save-mapping"));
    }
}
