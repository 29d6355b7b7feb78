using System.Text.Json;
using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>
/// The workspace's taxonomy, stored as numbered versions: every save and every restore adds a version, and the latest
/// is the one in use. The latest version and its compiled <see cref="ChannelMapper"/> are cached in this singleton
/// (compiling a dozen NonBacktracking regexes per request would dominate map-channel) and replaced on every save made
/// through it. With several app instances on one database, another instance's save is seen after
/// <see cref="CacheLifetime"/> at the latest. channel_rules mirrors the latest version's rules for SQL readers.
/// </summary>
public sealed class TaxonomyStore(IDbContextFactory<MeiroDbContext> dbFactory, TimeProvider clock)
{
    public const string SystemActor = "system";
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(1);

    private sealed record Cached(CurrentTaxonomy Current, DateTimeOffset LoadedAt);

    private volatile Cached? _cache;

    /// <summary>The taxonomy in use, with its mapper; creates version 1 (the defaults) in a workspace that has none yet.</summary>
    public async Task<CurrentTaxonomy> CurrentAsync(CancellationToken ct)
    {
        var cache = _cache;
        if (cache is not null && clock.GetUtcNow() - cache.LoadedAt < CacheLifetime) return cache.Current;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = await LatestAsync(db, ct);
        if (latest is null)
        {
            try { await EnsureFirstVersionAsync(db, clock.GetUtcNow(), ct); }
            catch (DbUpdateException) { db.ChangeTracker.Clear(); }   // a concurrent first load created it: read theirs
            latest = await LatestAsync(db, ct) ?? throw new InvalidOperationException("The first taxonomy version could not be created.");
        }
        var taxonomy = Read(latest.TaxonomyJson);
        var current = new CurrentTaxonomy(Info(latest, taxonomy), taxonomy, new ChannelMapper(taxonomy));
        _cache = new Cached(current, clock.GetUtcNow());
        return current;
    }

    public async Task<IReadOnlyList<ChannelRule>> LoadRulesAsync(CancellationToken ct) =>
        [.. (await CurrentAsync(ct)).Taxonomy.Rules.OrderBy(r => r.Priority)];

    /// <summary>The taxonomy in use: the latest stored version's rules and aliases.</summary>
    public async Task<ChannelTaxonomy> LoadTaxonomyAsync(CancellationToken ct) => (await CurrentAsync(ct)).Taxonomy;

    public async Task<ChannelMapper> MapperAsync(CancellationToken ct) => (await CurrentAsync(ct)).Mapper;

    /// <summary>Every version, newest first.</summary>
    public async Task<IReadOnlyList<TaxonomyVersionInfo>> VersionsAsync(CancellationToken ct)
    {
        await CurrentAsync(ct);   // a workspace without versions gets version 1 first
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.TaxonomyVersions.AsNoTracking().OrderByDescending(v => v.Version).ToListAsync(ct);
        return [.. rows.Select(r => Info(r, Read(r.TaxonomyJson)))];
    }

    public async Task<TaxonomyVersionDetails?> VersionAsync(int version, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.TaxonomyVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Version == version, ct);
        if (row is null) return null;
        int latest = await db.TaxonomyVersions.MaxAsync(v => v.Version, ct);
        var taxonomy = Read(row.TaxonomyJson);
        return new TaxonomyVersionDetails(Info(row, taxonomy), taxonomy, row.Version == latest);
    }

    /// <summary>
    /// Saves <paramref name="taxonomy"/> as the next version after checking every rule and alias (errors name
    /// <c>rules[i].field</c> or <c>source_aliases.key</c>). With <paramref name="basedOnVersion"/>, the save is refused
    /// as a conflict when someone saved a newer version since the editor loaded it, instead of silently overwriting it.
    /// </summary>
    public Task<StoreOutcome<TaxonomyVersionInfo>> SaveAsync(ChannelTaxonomy taxonomy, string actor, string? note, int? basedOnVersion, CancellationToken ct) =>
        AddVersionAsync(taxonomy, actor, note, basedOnVersion, restoredFrom: null, ct);

    /// <summary>Makes an earlier version current again by saving a copy of it as the next version; history is never rewritten.</summary>
    public async Task<StoreOutcome<TaxonomyVersionInfo>> RestoreAsync(int version, string actor, string? note, CancellationToken ct)
    {
        var old = await VersionAsync(version, ct);
        if (old is null) return StoreOutcome<TaxonomyVersionInfo>.NotFound($"Taxonomy version {version} does not exist.");
        if (old.IsCurrent) return StoreOutcome<TaxonomyVersionInfo>.Conflict($"Version {version} is already the current taxonomy.");
        return await AddVersionAsync(old.Taxonomy, actor, string.IsNullOrWhiteSpace(note) ? $"Restored version {version}." : note, null, version, ct);
    }

    private async Task<StoreOutcome<TaxonomyVersionInfo>> AddVersionAsync(ChannelTaxonomy taxonomy, string actor, string? note, int? basedOnVersion, int? restoredFrom, CancellationToken ct)
    {
        var errors = ChannelTaxonomyCheck.Check(taxonomy).Select(e => new FieldError(e.Field, e.Message)).ToList();
        if (note?.Length > 1000) errors.Add(new("note", "note has at most 1,000 characters."));
        if (errors.Count > 0) return StoreOutcome<TaxonomyVersionInfo>.Invalid(errors);
        await CurrentAsync(ct);   // version 1 exists before version 2 is written

        // Canonical form: rules in priority order, aliases normalized, so stored versions compare and diff cleanly.
        var canonical = new ChannelTaxonomy(
            [.. taxonomy.Rules.OrderBy(r => r.Priority).Select(r => r with { Name = r.Name.Trim() })],
            Canonical(taxonomy.SourceAliases), Canonical(taxonomy.MediumAliases));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        TaxonomyVersion? saved = null;
        string? conflict = null;
        try
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                int latest = await db.TaxonomyVersions.MaxAsync(v => v.Version, ct);
                if (basedOnVersion is { } based && based != latest)
                {
                    conflict = $"The taxonomy was saved as version {latest} after you opened version {based}; reload it and apply your change again.";
                    return;
                }
                saved = new TaxonomyVersion
                {
                    Version = latest + 1, TaxonomyJson = Write(canonical), Actor = actor, CreatedAt = clock.GetUtcNow(),
                    Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(), RestoredFrom = restoredFrom, RuleCount = canonical.Rules.Count,
                };
                db.TaxonomyVersions.Add(saved);
                await db.ChannelRules.ExecuteDeleteAsync(ct);
                db.ChannelRules.AddRange(canonical.Rules);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            });
        }
        catch (DbUpdateException)
        {
            return StoreOutcome<TaxonomyVersionInfo>.Conflict("Another save created the same version number at the same moment; nothing was saved. Reload and try again.");
        }
        if (conflict is not null) return StoreOutcome<TaxonomyVersionInfo>.Conflict(conflict);
        var info = Info(saved!, canonical);
        _cache = new Cached(new CurrentTaxonomy(info, canonical, new ChannelMapper(canonical)), clock.GetUtcNow());
        return StoreOutcome<TaxonomyVersionInfo>.Done(info);
    }

    /// <summary>
    /// Writes version 1 when there is none: the rules already in channel_rules (a workspace from before versioning),
    /// else the defaults. Runs inside the caller's transaction when it has one (the demo seeder).
    /// </summary>
    internal static async Task EnsureFirstVersionAsync(MeiroDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.TaxonomyVersions.AnyAsync(ct)) return;
        var stored = await db.ChannelRules.AsNoTracking().OrderBy(r => r.Priority).ToListAsync(ct);
        var taxonomy = stored.Count > 0
            ? new ChannelTaxonomy(stored, DefaultTaxonomy.SourceAliases, DefaultTaxonomy.MediumAliases)
            : DefaultTaxonomy.Taxonomy;
        if (stored.Count == 0) db.ChannelRules.AddRange(DefaultTaxonomy.Rules);
        db.TaxonomyVersions.Add(new TaxonomyVersion
        {
            Version = 1, TaxonomyJson = Write(taxonomy), Actor = SystemActor, CreatedAt = now, RuleCount = taxonomy.Rules.Count,
            Note = stored.Count > 0 ? "The rules stored before taxonomy versioning, with the default aliases." : "Default taxonomy.",
        });
        await db.SaveChangesAsync(ct);
    }

    private static Task<TaxonomyVersion?> LatestAsync(MeiroDbContext db, CancellationToken ct) =>
        db.TaxonomyVersions.AsNoTracking().OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);

    private static TaxonomyVersionInfo Info(TaxonomyVersion row, ChannelTaxonomy taxonomy) =>
        new(row.Version, row.Actor, row.CreatedAt, row.Note, row.RestoredFrom, taxonomy.Rules.Count, taxonomy.SourceAliases.Count, taxonomy.MediumAliases.Count);

    private static Dictionary<string, string> Canonical(IReadOnlyDictionary<string, string> aliases) =>
        aliases.OrderBy(a => UtmNormalizer.Normalize(a.Key), StringComparer.Ordinal)
            .ToDictionary(a => UtmNormalizer.Normalize(a.Key), a => UtmNormalizer.Normalize(a.Value));

    internal static string Write(ChannelTaxonomy taxonomy) => JsonSerializer.Serialize(taxonomy, StoredJson.Options);

    internal static ChannelTaxonomy Read(string json) =>
        JsonSerializer.Deserialize<ChannelTaxonomy>(json, StoredJson.Options) ?? throw new InvalidDataException("A stored taxonomy version is empty.");
}
