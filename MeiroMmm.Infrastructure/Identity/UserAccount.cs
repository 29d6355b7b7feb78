namespace MeiroMmm.Infrastructure.Identity;

/// <summary>A person who signs in: a local account (password hash) or an Entra ID user (object id, no password).</summary>
public sealed class UserAccount
{
    public int Id { get; set; }
    /// <summary>Lower-case, trimmed; unique.</summary>
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    /// <summary>ASP.NET Core Identity's PasswordHasher format (PBKDF2); null for SSO-only accounts.</summary>
    public string? PasswordHash { get; set; }
    public required string Role { get; set; }
    public int FailedSignInCount { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public bool IsDisabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
}
