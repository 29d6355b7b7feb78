using MeiroMmm.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Identity;

public enum SignInOutcome { Succeeded, InvalidCredentials, LockedOut, Disabled }

public sealed record SignInResult(SignInOutcome Outcome, UserAccount? User = null, DateTimeOffset? LockedUntil = null);

public sealed record UserAccountInput(string UserName, string DisplayName, string Role, string Password);

/// <summary>Local accounts: password sign-in with lock-out, and the admin's user management. Stateless: a singleton.</summary>
public sealed class UserAccountService(IDbContextFactory<MeiroDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public const int MinPasswordLength = 10;

    private readonly PasswordHasher<UserAccount> _hasher = new();

    public async Task<SignInResult> SignInAsync(string userName, string password, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        string key = NormalizeUserName(userName);
        var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == key, ct);
        var now = clock.GetUtcNow();
        if (user?.PasswordHash is null)
        {
            // Hash anyway so an unknown user name takes as long as a wrong password (no user enumeration by timing).
            _hasher.HashPassword(new UserAccount { UserName = key, DisplayName = key, Role = Roles.Viewer }, password);
            return new SignInResult(SignInOutcome.InvalidCredentials);
        }
        if (user.IsDisabled) return new SignInResult(SignInOutcome.Disabled);
        if (user.LockedUntil > now) return new SignInResult(SignInOutcome.LockedOut, LockedUntil: user.LockedUntil);

        var verdict = _hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            user.FailedSignInCount++;
            if (user.FailedSignInCount >= MaxFailedSignIns)
            {
                user.LockedUntil = now + LockoutDuration;
                user.FailedSignInCount = 0;
            }
            await db.SaveChangesAsync(ct);
            return user.LockedUntil > now
                ? new SignInResult(SignInOutcome.LockedOut, LockedUntil: user.LockedUntil)
                : new SignInResult(SignInOutcome.InvalidCredentials);
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = _hasher.HashPassword(user, password);
        user.FailedSignInCount = 0;
        user.LockedUntil = null;
        user.LastSignInAt = now;
        await db.SaveChangesAsync(ct);
        return new SignInResult(SignInOutcome.Succeeded, user);
    }

    public async Task<UserAccount?> FindAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
    }

    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
    }

    public async Task<bool> AnyUserAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AnyAsync(ct);
    }

    /// <summary>Creates a local account; returns the problems by field name instead when the input is not acceptable.</summary>
    public async Task<(UserAccount? User, IReadOnlyList<FieldError> Errors)> CreateAsync(UserAccountInput input, CancellationToken ct)
    {
        var errors = Validate(input).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        string key = NormalizeUserName(input.UserName);
        if (errors.Count == 0 && await db.Users.AnyAsync(u => u.UserName == key, ct))
            errors.Add(new FieldError("user_name", $"A user named '{key}' already exists."));
        if (errors.Count > 0) return (null, errors);

        var user = new UserAccount
        {
            UserName = key,
            DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? key : input.DisplayName.Trim(),
            Role = Roles.Parse(input.Role)!,
            CreatedAt = clock.GetUtcNow(),
        };
        user.PasswordHash = _hasher.HashPassword(user, input.Password);
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        return (user, []);
    }

    public async Task<IReadOnlyList<FieldError>> UpdateAsync(int id, string role, bool disabled, CancellationToken ct)
    {
        string? parsed = Roles.Parse(role);
        if (parsed is null) return [new FieldError("role", $"'{role}' is not a role: use Admin, Analyst or Viewer.")];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return [new FieldError("id", $"User {id} does not exist.")];
        bool losesAdmin = user.Role == Roles.Admin && (parsed != Roles.Admin || disabled);
        if (losesAdmin && !await db.Users.AnyAsync(u => u.Id != id && u.Role == Roles.Admin && !u.IsDisabled, ct))
            return [new FieldError("role", "This is the last active Admin; make another user Admin first.")];
        user.Role = parsed;
        user.IsDisabled = disabled;
        await db.SaveChangesAsync(ct);
        return [];
    }

    public async Task<IReadOnlyList<FieldError>> SetPasswordAsync(int id, string password, CancellationToken ct)
    {
        if (password.Length < MinPasswordLength) return [new FieldError("password", $"Password must have at least {MinPasswordLength} characters.")];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return [new FieldError("id", $"User {id} does not exist.")];
        user.PasswordHash = _hasher.HashPassword(user, password);
        user.FailedSignInCount = 0;
        user.LockedUntil = null;
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>A user changing their own password: the current one must be right.</summary>
    public async Task<IReadOnlyList<FieldError>> ChangeOwnPasswordAsync(int id, string currentPassword, string newPassword, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user?.PasswordHash is null) return [new FieldError("current_password", "This account signs in without a password (single sign-on).")];
        if (_hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
            return [new FieldError("current_password", "The current password is not correct.")];
        if (newPassword == currentPassword) return [new FieldError("new_password", "The new password must differ from the current one.")];
        return (await SetPasswordAsync(id, newPassword, ct)).Select(e => e with { Field = e.Field == "password" ? "new_password" : e.Field }).ToList();
    }

    public static string NormalizeUserName(string userName) => userName.Trim().ToLowerInvariant();

    private static IEnumerable<FieldError> Validate(UserAccountInput input)
    {
        string name = input.UserName?.Trim() ?? "";
        if (name.Length is 0 or > 100) yield return new FieldError("user_name", "User name must have 1 to 100 characters.");
        else if (name.Any(char.IsWhiteSpace)) yield return new FieldError("user_name", "User name must not contain spaces.");
        if (Roles.Parse(input.Role) is null) yield return new FieldError("role", $"'{input.Role}' is not a role: use Admin, Analyst or Viewer.");
        if ((input.Password?.Length ?? 0) < MinPasswordLength) yield return new FieldError("password", $"Password must have at least {MinPasswordLength} characters.");
    }
}
