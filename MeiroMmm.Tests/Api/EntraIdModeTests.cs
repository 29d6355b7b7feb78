using System.Net;
using MeiroMmm.Tests.Support;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Protocols;

namespace MeiroMmm.Tests.Api;

/// <summary>Auth:Mode=EntraId with a dummy tenant: the app starts and page visits go to the Microsoft authority.</summary>
public sealed class EntraIdAppFactory : MeiroAppFactory
{
    public const string TenantId = "11111111-2222-3333-4444-555555555555";

    public EntraIdAppFactory()
    {
        Settings["Auth:Mode"] = "EntraId";
        Settings["AzureAd:Instance"] = "https://login.microsoftonline.com/";
        Settings["AzureAd:TenantId"] = TenantId;
        Settings["AzureAd:ClientId"] = "66666666-7777-8888-9999-000000000000";
        Settings["AzureAd:ClientSecret"] = "dummy";
    }

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // No network here: give the handler the tenant's published endpoints instead of letting it download its metadata.
        // The framework's own post-configuration already built a downloading ConfigurationManager, so replace it too.
        builder.ConfigureTestServices(services => services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
        {
            o.Configuration = new OpenIdConnectConfiguration
            {
                Issuer = $"https://login.microsoftonline.com/{TenantId}/v2.0",
                AuthorizationEndpoint = $"https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/authorize",
                TokenEndpoint = $"https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/token",
                EndSessionEndpoint = $"https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/logout",
            };
            o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(o.Configuration);
        }));
    }
}

public sealed class EntraIdModeTests(EntraIdAppFactory app) : IClassFixture<EntraIdAppFactory>
{
    [Fact]
    public async Task PageVisit_RedirectsToTheMicrosoftAuthority()
    {
        var client = await app.CreateClientAsync(role: null);
        var response = await client.GetAsync("/mmm", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("login.microsoftonline.com", location.Host);
        Assert.StartsWith($"/{EntraIdAppFactory.TenantId}/oauth2/v2.0/authorize", location.AbsolutePath);
        Assert.Contains("client_id=66666666-7777-8888-9999-000000000000", location.Query);
    }

    [Fact]
    public async Task Api_StillAnswers401_AndAcceptsApiKeys()
    {
        var anonymous = await app.CreateClientAsync(role: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/overview", TestContext.Current.CancellationToken)).StatusCode);
        var viewer = await app.CreateClientAsync("Viewer");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/overview", TestContext.Current.CancellationToken)).StatusCode);
    }
}
