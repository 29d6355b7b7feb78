using System.Text.Json;
using System.Text.Json.Serialization;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Scheduling;
using MeiroMmm.Web.Account;
using MeiroMmm.Web.Api;
using MeiroMmm.Web.Components;
using MeiroMmm.Web.Security;
using MudBlazor.Services;

namespace MeiroMmm.Web.Hosting;

/// <summary>Builds the web app: Blazor UI, /api, /docs, health, sign-in, Quartz.</summary>
public static class MeiroWebApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var services = builder.Services;

        services.AddHostedService<StartupPreparation>();   // first: the database is ready before anything else starts
        services.AddMeiroCore(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddMeiroAuthentication(builder.Configuration);
        services.AddAuthorizationBuilder().AddMeiroPolicies();
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();

        // A busy browser (slow laptop, many tabs; `bench sessions` in docs/BENCHMARKS.md) can take over a minute to load and
        // run Plotly's 4.7 MB script. Plotly.Blazor's first chart on a page waits for that load through JS interop: past
        // Blazor's default 60 s interop timeout the call is cancelled, Blazor ignores cancelled after-render work, and
        // that chart silently never draws. Its tab, busy meanwhile, also misses SignalR pings (sent every 15 s) for more
        // than the default 30 s, so the server dropped the connection and the JS calls in flight were lost. A closed tab
        // still ends its connection at once; these limits only stop a slow one from being given up on.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddCircuitOptions(o => o.JSInteropDefaultCallTimeout = TimeSpan.FromMinutes(3))
            .AddHubOptions(o =>
            {
                o.ClientTimeoutInterval = TimeSpan.FromSeconds(60);
                o.HandshakeTimeout = TimeSpan.FromSeconds(30);
            });
        services.AddMudServices();

        services.AddProblemDetails();
        services.AddValidation();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            // The seed's API spoke snake_case; integrators keep their payloads.
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = null;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Meiro MMM API";
            doc.Info.Description = "Marketing mix modeling, attribution and incrementality experiments. Authenticate with an X-Api-Key header (create keys under Settings).";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddMeiroScheduling(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddHostedService<FitQueueWorker>();   // after StartupPreparation: the queue table exists
        services.AddHostedService<Infrastructure.DataSources.CdpBackgroundWorker>();   // queued CDP syncs and webhook deliveries

        var app = builder.Build();

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Meiro MMM API v1");
            o.DocumentTitle = "Meiro MMM API";
        });
        app.MapAccountEndpoints();
        app.MapMeiroApi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
