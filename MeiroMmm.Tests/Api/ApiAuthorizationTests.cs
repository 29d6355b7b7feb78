using System.Net;
using System.Text;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Tests.Support;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Api;

/// <summary>
/// Every /api route, enumerated from the app's own endpoint data source so new routes are covered automatically:
/// 401 without credentials, 403 with a key one role too low, and past authorization with the right role.
/// </summary>
public sealed class ApiAuthorizationTests(MeiroAppFactory app) : IClassFixture<MeiroAppFactory>
{
    private sealed record ApiRoute(string Method, string Pattern, string RequiredRole, bool Anonymous)
    {
        public override string ToString() => $"{Method} {Pattern} ({(Anonymous ? "anonymous" : RequiredRole)})";
    }

    private List<ApiRoute> Routes()
    {
        _ = app.Server;   // start the host
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var routes = new List<ApiRoute>();
        foreach (var e in endpoints.Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/") == true))
        {
            var policies = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
            string role = policies.Select(p => Policies.RequiredRole[p]).OrderBy(r => Roles.All.ToList().IndexOf(r)).FirstOrDefault() ?? "none";
            bool anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            routes.AddRange(methods.Select(m => new ApiRoute(m, "/" + e.RoutePattern.RawText!.TrimStart('/'), role, anonymous)));
        }
        return routes;
    }

    private static HttpRequestMessage Request(ApiRoute route)
    {
        string path = System.Text.RegularExpressions.Regex.Replace(route.Pattern, @"\{(\w+):guid\}", Guid.NewGuid().ToString());
        path = System.Text.RegularExpressions.Regex.Replace(path, @"\{(\w+)(:int|:long)?\}", "999999");
        var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return request;
    }

    [Fact]
    public void OnlyHealthIsAnonymous_AndEveryOtherRouteNamesAPolicy()
    {
        var routes = Routes();
        Assert.True(routes.Count >= 10, $"only {routes.Count} API routes found");
        // The CDP webhook is anonymous at the auth layer: its HMAC signature authenticates it (401 when unsigned).
        Assert.Equal(["/api/connectors/meiro/webhook", "/api/health", "/api/health/live"], routes.Where(r => r.Anonymous).Select(r => r.Pattern).Distinct().Order());
        Assert.All(routes.Where(r => !r.Anonymous), r => Assert.NotEqual("none", r.RequiredRole));
    }

    [Fact]
    public async Task EveryRoute_WithoutCredentials_Answers401ProblemDetails()
    {
        var client = await app.CreateClientAsync(role: null);
        foreach (var route in Routes().Where(r => !r.Anonymous))
        {
            var response = await client.SendAsync(Request(route), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task EveryRoute_WithARevokedOrUnknownKey_Answers401()
    {
        var client = await app.CreateClientAsync(role: null);
        client.DefaultRequestHeaders.Add("X-Api-Key", "mmk_not-a-real-key");
        foreach (var route in Routes().Where(r => !r.Anonymous))
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Request(route), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task EveryRoute_WithAKeyOneRoleTooLow_Answers403()
    {
        var checkedRoutes = 0;
        foreach (var route in Routes().Where(r => !r.Anonymous && r.RequiredRole != Roles.Viewer))
        {
            string tooLow = route.RequiredRole == Roles.Admin ? Roles.Analyst : Roles.Viewer;
            var client = await app.CreateClientAsync(tooLow);
            var response = await client.SendAsync(Request(route), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route} with {tooLow}: {(int)response.StatusCode}");
            checkedRoutes++;
        }
        Assert.True(checkedRoutes >= 5);
    }

    [Fact]
    public async Task EveryRoute_WithTheRequiredRole_GetsPastAuthorization()
    {
        foreach (var route in Routes().Where(r => !r.Anonymous))
        {
            var client = await app.CreateClientAsync(route.RequiredRole);
            var response = await client.SendAsync(Request(route), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)response.StatusCode < 500,
                $"{route} with {route.RequiredRole}: {(int)response.StatusCode}");
        }
    }
}
