using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;

namespace MeiroMmm.Web.Account;

/// <summary>The HTTP half of signing in and out (cookies can only be set on a plain HTTP response, not over the circuit).</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapGet("/complete-sign-in", CompleteSignInAsync).AllowAnonymous();
        account.MapGet("/sso", (string? returnUrl) =>
            TypedResults.Challenge(new AuthenticationProperties { RedirectUri = LocalOnly(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]))
            .AllowAnonymous();
        // A form post with the antiforgery token (UseAntiforgery validates it), so another site cannot sign a user out.
        account.MapPost("/sign-out", async (HttpContext context, IConfiguration configuration) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (AuthenticationSetup.ReadMode(configuration) == AuthMode.EntraId)
                return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIdConnectDefaults.AuthenticationScheme]);
            return Results.LocalRedirect("/login?signedOut=true");
        }).RequireAuthorization();
    }

    private static async Task<IResult> CompleteSignInAsync([FromQuery] string ticket, [FromQuery] string? returnUrl, SignInTickets tickets, UserAccountService users, HttpContext context)
    {
        int? userId = tickets.Redeem(ticket);
        var user = userId is null ? null : await users.FindAsync(userId.Value, context.RequestAborted);
        if (user is null || user.IsDisabled) return Results.LocalRedirect("/login?expired=true");
        var principal = MeiroClaims.Principal(CookieAuthenticationDefaults.AuthenticationScheme, user.UserName, user.DisplayName, user.Role, user.Id);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return Results.LocalRedirect(LocalOnly(returnUrl));
    }

    /// <summary>Only same-site paths, so the sign-in page cannot be used to redirect to another site.</summary>
    public static string LocalOnly(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\") ? returnUrl : "/";
}
