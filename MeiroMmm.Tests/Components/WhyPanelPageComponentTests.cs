using Bunit;
using MeiroMmm.Tests.Support;
using MeiroMmm.Web.Explainability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace MeiroMmm.Tests.Components;

/// <summary>The Overview's "Why did this change?" panel rendered by bUnit on a real SQLite database: empty and demo states.</summary>
public sealed class WhyPanelPageComponentTests : BunitContext
{
    private async Task SetUpAsync(bool seedDemo)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;   // MudBlazor and Plotly call JS for popovers and drawing
        Services.AddMudServices();
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        await Services.AddSeededPersistenceAsync(seedDemo);
    }

    [Fact]
    public async Task WithoutJourneys_SaysWhatIsMissing()
    {
        await SetUpAsync(seedDemo: false);
        var panel = Render<WhyDidThisChangePanel>();
        panel.WaitForAssertion(() => Assert.Contains("no customer journeys yet", panel.Find("[data-testid=why-empty]").TextContent));
    }

    [Fact]
    public async Task OnTheDemo_ExplainsTheNewest28DaysAgainstThe28Before()
    {
        await SetUpAsync(seedDemo: true);
        var panel = Render<WhyDidThisChangePanel>();
        panel.WaitForAssertion(() => Assert.Contains("came from journey volume", panel.Find("[data-testid=why-narrative]").TextContent), TimeSpan.FromSeconds(20));
        Assert.NotEmpty(panel.FindAll("#why-waterfall"));
        Assert.Contains("Top contributor", panel.Find("[data-testid=why-movers]").TextContent);
        Assert.Equal("high", panel.Find("[data-testid=why-comparability]").TextContent.Trim());
        // No DQ run in this workspace: the confidence says so instead of showing a number.
        Assert.Contains("Not measured", panel.Find("[data-testid=why-dq]").TextContent);
    }
}
