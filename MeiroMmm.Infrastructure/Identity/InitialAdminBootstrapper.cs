using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace MeiroMmm.Infrastructure.Identity;

/// <summary>
/// On a workspace with no users, creates the local account <c>admin</c>, so a new user can sign in with nothing but the
/// README: the password comes from MEIRO_ADMIN_PASSWORD, or is generated and printed once to the console.
/// </summary>
public sealed class InitialAdminBootstrapper(UserAccountService users, ILogger<InitialAdminBootstrapper> logger)
{
    public const string UserName = "admin";
    public const string PasswordVariable = "MEIRO_ADMIN_PASSWORD";

    /// <summary>Returns the generated password when one was generated (null when the account existed or the password was given).</summary>
    public async Task<string?> EnsureAdminAsync(string? configuredPassword, TextWriter console, CancellationToken ct)
    {
        if (await users.AnyUserAsync(ct)) return null;
        bool generate = string.IsNullOrEmpty(configuredPassword);
        string password = generate ? Generate() : configuredPassword!;
        var (_, errors) = await users.CreateAsync(new UserAccountInput(UserName, "Administrator", Roles.Admin, password), ct);
        if (errors.Count > 0)
            throw new Persistence.StartupConfigurationException($"{PasswordVariable} is not acceptable: {errors[0].Message}");
        if (!generate)
        {
            logger.LogInformation("Created the first account '{User}' with the password from {Variable}.", UserName, PasswordVariable);
            return null;
        }
        // Printed once, to the console only (not the log sinks), and never stored in plain text.
        await console.WriteLineAsync($"""

            ==================================================================
             First run: created the Admin account.
               user name: {UserName}
               password:  {password}
             It is shown only this once. Set {PasswordVariable} before the first
             run to choose it yourself, or change it under Settings & admin → Users.
            ==================================================================

            """);
        return password;
    }

    private static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
}
