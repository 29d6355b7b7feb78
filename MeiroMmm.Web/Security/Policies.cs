using MeiroMmm.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;

namespace MeiroMmm.Web.Security;

/// <summary>
/// Authorization policies, named after what they allow. Role claims are issued for every role a user's role implies
/// (see <see cref="Roles.Implied"/>), so each policy needs just one role.
/// </summary>
public static class Policies
{
    /// <summary>Look at anything in the workspace: every signed-in user and every API key.</summary>
    public const string ReadData = "ReadData";
    /// <summary>Upload datasets, run models and attribution, run experiments: Analysts and Admins.</summary>
    public const string EditData = "EditData";
    /// <summary>Users, API keys, taxonomy, alert rules, connections: Admins only.</summary>
    public const string ManageWorkspace = "ManageWorkspace";

    public static IReadOnlyDictionary<string, string> RequiredRole { get; } = new Dictionary<string, string>
    {
        [ReadData] = Roles.Viewer,
        [EditData] = Roles.Analyst,
        [ManageWorkspace] = Roles.Admin,
    };

    public static AuthorizationBuilder AddMeiroPolicies(this AuthorizationBuilder builder)
    {
        foreach (var (policy, role) in RequiredRole)
            builder.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(role));
        return builder;
    }
}
