using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Identity;

public sealed record CreatedApiKey(ApiKey Key, string Secret);

/// <summary>Creates, verifies and revokes API keys. Only a hash of each key is stored. Singleton.</summary>
public sealed class ApiKeyService(IDbContextFactory<MeiroDbContext> dbFactory, TimeProvider clock)
{
    private const string KeyPrefix = "mmk_";
    // Writing last-used on every request would make every API call a write; once a minute per key is enough to show.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<int, DateTimeOffset> _lastUsedWritten = new();
    /// <summary>
    /// How long a verified key is trusted without asking the database again: every API request authenticates, and the
    /// lookup was a fair share of a cheap read's cost. A revoke on this instance takes effect at once (it clears the
    /// entry); on another instance of a cluster within this time.
    /// </summary>
    public static readonly TimeSpan VerifiedKeyLifetime = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (ApiKey Key, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);

    public async Task<(CreatedApiKey? Created, IReadOnlyList<FieldError> Errors)> CreateAsync(string name, string role, string createdBy, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200) errors.Add(new FieldError("name", "Name must have 1 to 200 characters."));
        string? parsedRole = Roles.Parse(role);
        if (parsedRole is null) errors.Add(new FieldError("role", $"'{role}' is not a role: use Admin, Analyst or Viewer."));
        if (errors.Count > 0) return (null, errors);

        string secret = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new ApiKey
        {
            Name = name.Trim(),
            Role = parsedRole!,
            Prefix = secret[..12],
            KeyHash = Hash(secret),
            CreatedBy = createdBy,
            CreatedAt = clock.GetUtcNow(),
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return (new CreatedApiKey(key, secret), []);
    }

    /// <summary>The active key matching <paramref name="secret"/>, or null. Records when it was last used.</summary>
    public async Task<ApiKey?> VerifyAsync(string secret, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 200) return null;
        string hash = Hash(secret);
        var now = clock.GetUtcNow();
        if (_verified.TryGetValue(hash, out var cached) && cached.Until > now)
        {
            if (NeedsLastUsed(cached.Key.Id, now))
            {
                await using var touch = await dbFactory.CreateDbContextAsync(ct);
                await touch.ApiKeys.Where(k => k.Id == cached.Key.Id).ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAt, now), ct);
                _lastUsedWritten[cached.Key.Id] = now;
                cached.Key.LastUsedAt = now;
            }
            return cached.Key;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, ct);
        if (key is null)
        {
            _verified.TryRemove(hash, out _);
            return null;   // unknown keys are not remembered: nothing to gain, and no way to fill the memory from outside
        }
        if (NeedsLastUsed(key.Id, now))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
            _lastUsedWritten[key.Id] = now;
        }
        _verified[hash] = (key, now + VerifiedKeyLifetime);
        return key;
    }

    private bool NeedsLastUsed(int id, DateTimeOffset now) => !_lastUsedWritten.TryGetValue(id, out var written) || now - written >= LastUsedResolution;

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(ct);
    }

    /// <summary>Revokes a key for good. False when there is no such key.</summary>
    public async Task<bool> RevokeAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null) return false;
        key.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        _verified.TryRemove(key.KeyHash, out _);   // revoked here means refused here from the next request on
        return true;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
