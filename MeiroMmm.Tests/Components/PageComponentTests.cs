using Bunit;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Tests.Support;
using MeiroMmm.Web.Account;
using MeiroMmm.Web.Overview;
using MeiroMmm.Web.Mmm;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace MeiroMmm.Tests.Components;

/// <summary>Pages rendered by bUnit on a real, migrated SQLite database (no mocks of the stores).</summary>
public sealed class PageComponentTests : BunitContext
{
    private async Task SetUpAsync(bool seedDemo)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;   // MudBlazor and Plotly call JS for focus, popovers and drawing
        Services.AddMudServices();
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:Mode"] = "Local" }).Build());
        Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Services.AddSingleton<SignInTickets>();
        AddAuthorization().SetAuthorized("viewer");   // pages hide editing controls from a Viewer through AuthorizeView
        await Services.AddSeededPersistenceAsync(seedDemo);
    }

    [Fact]
    public async Task Overview_ShowsTheDemoCountsFromTheDatabase()
    {
        await SetUpAsync(seedDemo: true);
        var page = Render<OverviewPage>();
        page.WaitForAssertion(() => Assert.Equal("3,000", page.Find("[data-testid=count-journeys]").TextContent.Trim()));
        Assert.Equal("1", page.Find("[data-testid=count-datasets]").TextContent.Trim());
        Assert.Contains("generated demo", page.Markup);
    }

    [Fact]
    public async Task Mmm_OnAnEmptyWorkspace_SaysWhatIsMissing()
    {
        await SetUpAsync(seedDemo: false);
        var page = Render<MmmPage>();
        page.WaitForAssertion(() => Assert.Contains("No datasets yet", page.Find("#mmm-empty").TextContent));
    }

    [Fact]
    public async Task Mmm_WithTheDemo_ShowsTheKnownTrueRoasPerChannel()
    {
        await SetUpAsync(seedDemo: true);
        var page = Render<MmmPage>();
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("#truth-table tbody tr").Count));
        Assert.Contains("tv_spend", page.Find("#truth-table").TextContent);
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_ShowsTheErrorAndStaysOnThePage()
    {
        await SetUpAsync(seedDemo: false);
        await Services.GetRequiredService<UserAccountService>().CreateAsync(new UserAccountInput("admin", "", Roles.Admin, "right-password"), CancellationToken.None);
        Render<MudPopoverProvider>();
        var page = Render<SignInPage>();
        page.Find("#user-name").Input("admin");
        page.Find("#password").Input("wrong-password");
        page.Find("form").Submit();
        page.WaitForAssertion(() => Assert.Contains("The user name or password is not correct.", page.Find("#sign-in-error").TextContent));
        Assert.DoesNotContain("complete-sign-in", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
    }
}
