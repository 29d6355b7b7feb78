using Microsoft.AspNetCore.DataProtection;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>
/// Encrypts channel secrets at rest with ASP.NET Core Data Protection (the app's key ring, DataProtection:KeysPath).
/// The purpose string isolates these from sign-in tickets and cookies: one cannot be decrypted as the other.
/// </summary>
public sealed class NotificationSecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Meiro.NotificationChannel.Secret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
