using System.Text.Json;
using System.Text.Json.Serialization;
using MeiroMmm.Infrastructure.Demo;
using MeiroMmm.Infrastructure.Identity;
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

        services.AddMeiroCore(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddMeiroAuthentication(builder.Configuration);
        services.AddAuthorizationBuilder().AddMeiroPolicies();
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();

        services.AddRazorComponents().AddInteractiveServerComponents();
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
        services.AddMeiroScheduling(builder.Configuration);

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

    /// <summary>Start-up work before the app serves: validate settings, migrate, first admin, demo workspace.</summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken ct)
    {
        var services = app.Services;
        AuthenticationSetup.ReadMode(app.Configuration);
        var settings = services.GetRequiredService<DatabaseSettings>();   // throws a one-line error for bad settings
        await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);

        if (AuthenticationSetup.ReadMode(app.Configuration) == AuthMode.Local)
        {
            string? password = app.Configuration["Auth:InitialAdminPassword"] ?? Environment.GetEnvironmentVariable(InitialAdminBootstrapper.PasswordVariable);
            await services.GetRequiredService<InitialAdminBootstrapper>().EnsureAdminAsync(password, Console.Out, ct);
        }

        // On by default for the embedded database only: a shared server should not get demo rows unasked.
        bool seedDemo = app.Configuration.GetValue<bool?>("Demo:Seed") ?? settings.Provider == DatabaseProvider.Sqlite;
        if (seedDemo) await services.GetRequiredService<DemoWorkspaceSeeder>().SeedAsync(ct);
    }
}
