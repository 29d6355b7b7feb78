namespace MeiroMmm.Infrastructure.Identity;

/// <summary>
/// The three roles. They nest: an Admin can do everything an Analyst can, an Analyst everything a Viewer can.
/// </summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Analyst = "Analyst";
    public const string Viewer = "Viewer";

    public static IReadOnlyList<string> All { get; } = [Admin, Analyst, Viewer];

    /// <summary>The role name as stored, or null when <paramref name="value"/> is not a role (case-insensitive).</summary>
    public static string? Parse(string? value) => All.FirstOrDefault(r => string.Equals(r, value?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The roles a holder of <paramref name="role"/> acts as, itself included (Admin → Admin, Analyst, Viewer).</summary>
    public static IReadOnlyList<string> Implied(string role) => role switch
    {
        Admin => [Admin, Analyst, Viewer],
        Analyst => [Analyst, Viewer],
        Viewer => [Viewer],
        _ => [],
    };
}
