using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MeiroMmm.Web.Api;

/// <summary>
/// GET /api/health (readiness): 200 with {"status":"healthy","database":…,"version":…}, or 503 when the database is
/// unreachable, so a load balancer stops sending traffic. GET /api/health/live (liveness): 200 while the process serves
/// at all, without touching the database, so an orchestrator does not restart every instance when the database blips.
/// </summary>
public static class HealthApi
{
    public static string Version { get; } =
        typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static void MapHealthApi(this IEndpointRouteBuilder api)
    {
        api.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync })
            .AllowAnonymous()
            .WithTags("Health")
            .WithDisplayName("Health");
        api.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteLiveAsync })
            .AllowAnonymous()
            .WithTags("Health")
            .WithDisplayName("Liveness");
    }

    private static Task WriteLiveAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { status = "alive", version = Version }));
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var database = report.Entries.TryGetValue("database", out var entry) ? entry : default;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status == HealthStatus.Healthy ? "healthy" : "unhealthy",
            database = database.Description ?? "unknown",
            version = Version,
        }));
    }
}
