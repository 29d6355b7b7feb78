using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace MeiroMmm.Web.Security;

/// <summary>
/// The interactive sign-in form runs over the SignalR circuit, which cannot set a cookie. After it checks the password
/// it issues a short-lived, single-use, encrypted ticket and sends the browser to /account/complete-sign-in, an HTTP
/// request that can.
/// </summary>
public sealed class SignInTickets(IDataProtectionProvider protection, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Meiro.SignInTicket").ToTimeLimitedDataProtector();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _redeemed = new();

    public string Issue(int userId) =>
        _protector.Protect($"{userId}|{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}", clock.GetUtcNow() + Lifetime);

    /// <summary>The user id in a valid ticket not redeemed before; null otherwise.</summary>
    public int? Redeem(string ticket)
    {
        string payload;
        try { payload = _protector.Unprotect(ticket); }
        catch (CryptographicException) { return null; }

        var now = clock.GetUtcNow();
        foreach (var (nonce, at) in _redeemed)
            if (now - at > Lifetime) _redeemed.TryRemove(nonce, out _);
        if (!_redeemed.TryAdd(payload, now)) return null;
        return int.TryParse(payload.Split('|')[0], out int id) ? id : null;
    }
}
