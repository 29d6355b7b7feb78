using Microsoft.AspNetCore.DataProtection;

namespace MeiroMmm.Infrastructure.DataSources;

/// <summary>Encrypts the CDP API keys and webhook secrets at rest with ASP.NET Core Data Protection.</summary>
public sealed class CdpSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("MeiroMmm.DataSources.Cdp.Secrets.v1");
    public string Protect(string secret) => _protector.Protect(secret);
    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
