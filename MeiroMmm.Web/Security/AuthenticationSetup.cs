using System.Security.Claims;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Identity.Web;

namespace MeiroMmm.Web.Security;

/// <summary>Auth:Mode — Local (cookie sign-in with local accounts, the default) or EntraId (single sign-on).</summary>
public enum AuthMode { Local, EntraId }

/// <summary>
/// Wires authentication: API keys on every request that sends one, otherwise the sign-in cookie (Local or Entra ID).
/// Unauthenticated /api calls get 401 ProblemDetails; unauthenticated page visits go to sign-in.
/// </summary>
public static class AuthenticationSetup
{
    public const string ModeKey = "Auth:Mode";
    private const string SelectorScheme = "Meiro";
    private const string ChallengeSelectorScheme = "MeiroChallenge";

    public static AuthMode ReadMode(IConfiguration configuration)
    {
        string text = configuration[ModeKey] ?? nameof(AuthMode.Local);
        if (!Enum.TryParse<AuthMode>(text, ignoreCase: true, out var mode) || int.TryParse(text, out _))
            throw new StartupConfigurationException($"{ModeKey} '{text}' is not supported: use Local or EntraId.");
        return mode;
    }

    public static IServiceCollection AddMeiroAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var mode = ReadMode(configuration);
        string interactiveChallenge = mode == AuthMode.EntraId ? OpenIdConnectDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme;

        var auth = services.AddAuthentication(o =>
        {
            o.DefaultScheme = SelectorScheme;
            o.DefaultAuthenticateScheme = SelectorScheme;
            o.DefaultChallengeScheme = ChallengeSelectorScheme;
            o.DefaultForbidScheme = ChallengeSelectorScheme;
            o.DefaultSignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        });
        auth.AddPolicyScheme(SelectorScheme, "API key or cookie", o => o.ForwardDefaultSelector = ctx =>
            ctx.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) ? ApiKeyAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme);
        auth.AddPolicyScheme(ChallengeSelectorScheme, "401 for the API, sign-in for pages", o => o.ForwardDefaultSelector = ctx =>
            IsApiRequest(ctx) ? ApiKeyAuthenticationHandler.SchemeName : interactiveChallenge);
        auth.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        if (mode == AuthMode.EntraId)
        {
            auth.AddMicrosoftIdentityWebApp(configuration.GetSection("AzureAd"), OpenIdConnectDefaults.AuthenticationScheme, CookieAuthenticationDefaults.AuthenticationScheme);
            services.AddTransient<IClaimsTransformation, EntraRoleClaimsTransformation>();
            services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, ConfigureCookie);
        }
        else
        {
            auth.AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                ConfigureCookie(o);
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/access-denied";
                o.Events.OnValidatePrincipal = ValidateLocalUserAsync;
            });
        }
        services.AddSingleton<SignInTickets>();
        return services;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = "meiro.auth";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = TimeSpan.FromHours(12);
        o.SlidingExpiration = true;
    }

    private static bool IsApiRequest(HttpContext ctx) =>
        ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName);

    /// <summary>A disabled, deleted or re-roled account loses its old cookie's rights on the next request.</summary>
    private static async Task ValidateLocalUserAsync(CookieValidatePrincipalContext context)
    {
        string? idText = context.Principal?.FindFirst(MeiroClaims.UserId)?.Value;
        var users = context.HttpContext.RequestServices.GetRequiredService<UserAccountService>();
        var user = int.TryParse(idText, out int id) ? await users.FindAsync(id, context.HttpContext.RequestAborted) : null;
        if (user is null || user.IsDisabled)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        else if (context.Principal!.TopRole() != user.Role)
        {
            context.ReplacePrincipal(MeiroClaims.Principal(CookieAuthenticationDefaults.AuthenticationScheme, user.UserName, user.DisplayName, user.Role, user.Id));
            context.ShouldRenew = true;
        }
    }
}

/// <summary>Maps Entra ID app roles (Admin, Analyst, Viewer, optionally prefixed "Meiro.") onto our nested roles.</summary>
public sealed class EntraRoleClaimsTransformation : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity identity || !identity.IsAuthenticated || identity.HasClaim(c => c.Type == MeiroClaims.DisplayName))
            return Task.FromResult(principal);
        var granted = identity.FindAll(c => c.Type is "roles" || c.Type == ClaimTypes.Role || c.Type == identity.RoleClaimType)
            .Select(c => Roles.Parse(c.Value.StartsWith("Meiro.", StringComparison.OrdinalIgnoreCase) ? c.Value[6..] : c.Value))
            .OfType<string>().ToList();
        foreach (var role in granted.SelectMany(Roles.Implied).Distinct())
            // IsInRole reads the identity's own role claim type ("roles" for Entra ID tokens), so add them under that type.
            if (!identity.HasClaim(identity.RoleClaimType, role)) identity.AddClaim(new Claim(identity.RoleClaimType, role));
        identity.AddClaim(new Claim(MeiroClaims.DisplayName, identity.FindFirst("name")?.Value ?? identity.Name ?? "Entra ID user"));
        return Task.FromResult(principal);
    }
}
