using System.Security.Claims;

namespace MeiroMmm.Web.Security;

/// <summary>Who made a change, as audit trails record it: the user name, or <c>apikey:NAME</c> for an API key.</summary>
public static class ActorName
{
    public static string Of(ClaimsPrincipal user) => user.Identity?.Name is { Length: > 0 } name ? name : "unknown";
}
