using System.Security.Claims;
using MeiroMmm.Infrastructure.Workspace;
using MeiroMmm.Web.Security;

namespace MeiroMmm.Web.Overview;

public sealed record CurrentUser(string Name, string DisplayName, string? Role, string AuthenticationType);

public static class OverviewApi
{
    public static void MapOverviewApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/overview", async (WorkspaceOverviewService overview, CancellationToken ct) => TypedResults.Ok(await overview.GetAsync(ct)))
            .WithTags("Overview").WithSummary("Counts of what the workspace holds.");
        api.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new CurrentUser(user.Identity?.Name ?? "", user.DisplayNameOf(), user.TopRole(), user.Identity?.AuthenticationType ?? "")))
            .WithTags("Overview").WithSummary("Who the caller is and which role it has.");
    }
}
