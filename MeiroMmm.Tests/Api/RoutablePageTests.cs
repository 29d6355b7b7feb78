using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace MeiroMmm.Tests.Api;

public sealed class RoutablePageTests
{
    [Fact]
    public void EveryPage_StatesWhoMaySeeIt()
    {
        // A page without [Authorize] or [AllowAnonymous] would be open to anyone; this catches new pages too.
        var pages = typeof(Program).Assembly.GetTypes().Where(t => t.GetCustomAttributes(typeof(RouteAttribute), false).Length > 0).ToList();
        Assert.True(pages.Count >= 9);
        var anonymous = pages.Where(p => p.GetCustomAttributes(typeof(AllowAnonymousAttribute), true).Length > 0).Select(p => p.Name).Order().ToList();
        Assert.Equal(["NotFoundPage", "SignInPage"], anonymous);
        Assert.All(pages.Except(pages.Where(p => anonymous.Contains(p.Name))), p =>
            Assert.True(p.GetCustomAttributes(typeof(AuthorizeAttribute), true).Length > 0, $"{p.Name} has no [Authorize]"));
    }
}
