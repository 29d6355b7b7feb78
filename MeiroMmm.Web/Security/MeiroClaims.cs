using System.Security.Claims;
using MeiroMmm.Infrastructure.Identity;

namespace MeiroMmm.Web.Security;

/// <summary>Builds the claims every sign-in method issues, so policies work the same for cookies, SSO and API keys.</summary>
public static class MeiroClaims
{
    public const string DisplayName = "meiro:display_name";
    public const string UserId = "meiro:user_id";

    public static ClaimsPrincipal Principal(string authenticationType, string name, string displayName, string role, int? userId = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, name),
            new(DisplayName, displayName),
        };
        if (userId is not null) claims.Add(new Claim(UserId, userId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        claims.AddRange(Roles.Implied(role).Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The highest role the principal holds, for display.</summary>
    public static string? TopRole(this ClaimsPrincipal user) => Roles.All.FirstOrDefault(user.IsInRole);

    public static string DisplayNameOf(this ClaimsPrincipal user) => user.FindFirst(DisplayName)?.Value ?? user.Identity?.Name ?? "unknown";
}
