using Bunit;
using MeiroMmm.Tests.Support;
using MeiroMmm.Web.Experiments;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace MeiroMmm.Tests.Components;

/// <summary>The experiments UI rendered by bUnit: the power calculator alone, and the experiment page on the seeded demo.</summary>
public sealed class ExperimentPagesComponentTests : BunitContext
{
    public ExperimentPagesComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;   // MudBlazor and Plotly call JS for focus, popovers and drawing
        Services.AddMudServices();
    }

    [Theory]
    [InlineData("email", new[] { "tv", "Email", "email_spend" }, "Email")]          // the same name wins, case ignored
    [InlineData("email", new[] { "tv", "crm_email_spend" }, "crm_email_spend")]     // else a column containing it
    [InlineData("sms", new[] { "tv", "search" }, null)]                              // nothing like it: the user chooses
    public void SendToModelRun_PreselectsTheSpendColumnNamedLikeTheChannel(string channel, string[] columns, string? expected) =>
        Assert.Equal(expected, MeiroMmm.Domain.Attribution.ChannelSpendMatcher.SuggestColumn(channel, columns));   // the dialog's default without a stored mapping

    [Fact]
    public void PowerCalculator_TypingValues_UpdatesTheSampleSize()
    {
        var calculator = Render<PowerCalculator>(p => p.Add(c => c.TreatmentRate, 0.5));
        Assert.Contains("Enter the baseline rate", calculator.Find("#power-result").TextContent);

        calculator.Find("#power-baseline").Input("5");
        calculator.Find("#power-mde").Input("1");
        calculator.Find("#power-alpha").Input("5");
        calculator.Find("#power-power").Input("80");
        // docs/EXPERIMENTS.md §1: 5% baseline, 1 pp, α 0.05, power 0.8, 50/50 → 8,158 per group (R's power.prop.test).
        calculator.WaitForAssertion(() => Assert.Equal("8,158", calculator.Find("[data-testid=power-n-control]").TextContent));
        Assert.Equal("8,158", calculator.Find("[data-testid=power-n-treatment]").TextContent);
        Assert.Equal("16,316", calculator.Find("[data-testid=power-n-total]").TextContent);

        calculator.Find("#power-daily").Input("2000");
        calculator.WaitForAssertion(() => Assert.Equal("9 days", calculator.Find("[data-testid=power-days]").TextContent));

        calculator.Find("#power-power").Input("90");
        calculator.WaitForAssertion(() => Assert.NotEqual("8,158", calculator.Find("[data-testid=power-n-control]").TextContent));
    }

    [Fact]
    public void PowerCalculator_BaselineOutOfRange_ShowsTheErrorUnderTheField()
    {
        var calculator = Render<PowerCalculator>();
        calculator.Find("#power-mde").Input("1");
        calculator.Find("#power-baseline").Input("150");
        calculator.WaitForAssertion(() => Assert.Contains("Enter a rate above 0% and below 100%.", calculator.Markup));
        Assert.Empty(calculator.FindAll("[data-testid=power-n-control]"));
    }

    [Fact]
    public async Task ExperimentPage_OnTheDemo_ShowsUpliftPValueAndTheSplitBadge()
    {
        AddAuthorization().SetAuthorized("viewer");   // a Viewer: reads everything, sees no status buttons
        await Services.AddSeededPersistenceAsync(seedDemo: true);
        var list = await Services.GetRequiredService<MeiroMmm.Infrastructure.Experiments.ExperimentStore>().ListAsync(CancellationToken.None);
        int id = list.Single(e => e.Key == "demo-email-holdout").Id;
        await Services.GetRequiredService<MeiroMmm.Infrastructure.Experiments.ExperimentResultsService>().SaveDailyAsync(id, CancellationToken.None);   // one nightly row
        var page = Render<ExperimentPage>(p => p.Add(c => c.Id, id));
        page.WaitForAssertion(() => Assert.EndsWith(" pp", page.Find("[data-testid=stat-abs-uplift]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Matches(@"^(< 0\.001|\d\.\d{3})$", page.Find("[data-testid=stat-p-value]").TextContent.Trim());
        Assert.Equal("Split as planned", page.Find("[data-testid=srm-badge]").TextContent.Trim());
        Assert.Contains("E-mail holdout (demo)", page.Find("h1").TextContent);
        Assert.Empty(page.FindAll("#experiment-next-status"));
        var history = Assert.Single(page.FindAll("#history-table tbody tr"));
        Assert.Contains("5,400 / 600", history.TextContent);
    }

    [Fact]
    public async Task ExperimentPage_ReadsResultsThroughTheApisCache()
    {
        AddAuthorization().SetAuthorized("viewer");
        await Services.AddSeededPersistenceAsync(seedDemo: true);
        int id = (await Services.GetRequiredService<MeiroMmm.Infrastructure.Experiments.ExperimentStore>().ListAsync(CancellationToken.None))
            .Single(e => e.Key == "demo-email-holdout").Id;
        var page = Render<ExperimentPage>(p => p.Add(c => c.Id, id));
        page.WaitForAssertion(() => Assert.Contains("UTC", page.Find("[data-testid=results-computed-at]").TextContent), TimeSpan.FromSeconds(10));
        string shown = page.Find("[data-testid=results-computed-at]").TextContent;

        // GET …/results answers from this cache: had the page computed on its own, the cache's first computation would be
        // a later one, with a later computed_at than the page shows.
        var cached = await Services.GetRequiredService<MeiroMmm.Infrastructure.Experiments.ExperimentResultsCache>().ResultsAsync(id, CancellationToken.None);
        Assert.Contains(cached!.ComputedAt.ToUniversalTime().ToString("d MMM yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), shown);
        await Task.Delay(1100, Xunit.TestContext.Current.CancellationToken);   // a recomputation would show another second
        var again = Render<ExperimentPage>(p => p.Add(c => c.Id, id));
        again.WaitForAssertion(() => Assert.Equal(shown, again.Find("[data-testid=results-computed-at]").TextContent), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SendToModelRun_FillingTheMissingSpend_ClearsItsError()
    {
        AddAuthorization().SetAuthorized("analyst");
        Services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());   // the fit runner's settings
        await Services.AddSeededPersistenceAsync(seedDemo: true);   // the completed demo experiment and the demo MMM dataset
        int id = (await Services.GetRequiredService<MeiroMmm.Infrastructure.Experiments.ExperimentStore>().ListAsync(CancellationToken.None))
            .Single(e => e.Key == "demo-email-holdout").Id;
        var host = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
        });
        var dialogs = Services.GetRequiredService<IDialogService>();
        await host.InvokeAsync(() => dialogs.ShowAsync<SendToModelRunDialog>("Send to a model run",
            new DialogParameters<SendToModelRunDialog> { { d => d.ExperimentId, id }, { d => d.Channel, "email" } }));
        host.WaitForAssertion(() => Assert.False(host.Find("#send-to-run-start").HasAttribute("disabled")), TimeSpan.FromSeconds(10));

        host.Find("#send-to-run-start").Click();   // no spend yet: the error is under the spend field
        host.WaitForAssertion(() => Assert.Contains("spend is required", SpendFieldText(host)), TimeSpan.FromSeconds(10));
        Assert.Empty(host.FindAll("#send-to-run-errors"));

        host.Find("#send-to-run-spend").Input("1500");   // filled in: the old error must go at once, before any new attempt
        host.WaitForAssertion(() => Assert.DoesNotContain("spend is required", SpendFieldText(host)));
        Assert.DoesNotContain("spend must be", SpendFieldText(host));
        Assert.Empty(host.FindAll(".mud-dialog .mud-input-error"));

        host.Find("#send-to-run-spend").Input("-5");   // after an attempt, a changed value is checked again
        host.WaitForAssertion(() => Assert.Contains("spend must be the positive amount", SpendFieldText(host)));
    }

    /// <summary>The spend input's whole control: its label, value and helper or error text.</summary>
    private static string SpendFieldText<T>(IRenderedComponent<T> host) where T : Microsoft.AspNetCore.Components.IComponent =>
        host.FindAll(".mud-input-control").Single(c => c.QuerySelector("#send-to-run-spend") is not null).TextContent;
}
