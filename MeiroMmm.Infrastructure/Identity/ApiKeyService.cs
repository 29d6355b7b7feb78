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
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, ct);
        if (key is null) return null;
        var now = clock.GetUtcNow();
        if (!_lastUsedWritten.TryGetValue(key.Id, out var written) || now - written >= LastUsedResolution)
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
            _lastUsedWritten[key.Id] = now;
        }
        return key;
    }

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
        return true;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
