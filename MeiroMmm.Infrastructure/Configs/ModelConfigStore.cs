using System.Text.Json;
using System.Text.Json.Nodes;
using MeiroMmm.Domain.Configs;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Configs;

/// <summary>
/// Versioned model configs: create, edit (drafts only), activate, archive, clone, each with an audit entry written in
/// the same transaction as the change. One active config per conversion key is guaranteed by a unique index, so a
/// concurrent activation loses with a conflict instead of leaving two active configs. Stateless: a singleton.
/// </summary>
public sealed class ModelConfigStore(IDbContextFactory<MeiroDbContext> dbFactory, TimeProvider clock)
{
    public const string SystemActor = "system";

    public async Task<IReadOnlyList<ModelConfigDetails>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ModelConfigs.AsNoTracking().ToListAsync(ct);
        // Active first, then drafts, then archived; newest first within each.
        return [.. rows.OrderBy(r => r.Status switch { ModelConfigStatus.Active => 0, ModelConfigStatus.Draft => 1, _ => 2 })
            .ThenByDescending(r => r.Id).Select(Details)];
    }

    public async Task<ModelConfigDetails?> GetAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ModelConfigs.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        return row is null ? null : Details(row);
    }

    /// <summary>The active config for <paramref name="conversionKey"/>, typed, or null when that key has none.</summary>
    public async Task<ActiveModelConfig?> GetActiveAsync(string conversionKey, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ModelConfigs.AsNoTracking().SingleOrDefaultAsync(c => c.ActiveConversionKey == conversionKey, ct);
        return row is null ? null : new ActiveModelConfig(row.Id, row.Name, ModelConfigJson.Read(JsonNode.Parse(row.ConfigJson)!));
    }

    /// <summary>
    /// The config an attribution run uses: the active one for <paramref name="conversionKey"/>, or, without a key, the
    /// only active config when there is exactly one. Null when none applies (the run then uses the built-in defaults).
    /// </summary>
    public async Task<ActiveModelConfig?> GetActiveForRunAsync(string? conversionKey, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(conversionKey)) return await GetActiveAsync(conversionKey.Trim(), ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var active = await db.ModelConfigs.AsNoTracking().Where(c => c.ActiveConversionKey != null).Take(2).ToListAsync(ct);
        return active.Count == 1 ? new ActiveModelConfig(active[0].Id, active[0].Name, ModelConfigJson.Read(JsonNode.Parse(active[0].ConfigJson)!)) : null;
    }

    public async Task<StoreOutcome<ModelConfigDetails>> CreateAsync(string? name, string? description, JsonNode? config, string actor, CancellationToken ct)
    {
        var errors = CheckNames(name, description);
        var (valid, configErrors) = ModelConfigValidator.Validate(config);
        errors.AddRange(configErrors.Select(e => e with { Field = e.Field == "config" ? "config" : $"config.{e.Field}" }));
        if (errors.Count > 0 || valid is null) return StoreOutcome<ModelConfigDetails>.Invalid(errors);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = NewDraft(name!.Trim(), description?.Trim(), valid, actor, parentId: null);
        await SaveWithAuditAsync(db, row, "created", new JsonObject(), null, actor, ct);
        return StoreOutcome<ModelConfigDetails>.Done(Details(row));
    }

    /// <summary>Changes a draft's name, description or config (null leaves a part as it is). Active and archived configs are immutable.</summary>
    public async Task<StoreOutcome<ModelConfigDetails>> UpdateAsync(int id, string? name, string? description, JsonNode? config, string actor, string? note, CancellationToken ct)
    {
        var errors = CheckNames(name ?? "unchanged", description);
        ModelConfig? valid = null;
        if (config is not null)
        {
            (valid, var configErrors) = ModelConfigValidator.Validate(config);
            errors.AddRange(configErrors.Select(e => e with { Field = e.Field == "config" ? "config" : $"config.{e.Field}" }));
        }
        if (errors.Count > 0) return StoreOutcome<ModelConfigDetails>.Invalid(errors);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ModelConfigs.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (row is null) return Missing(id);
        if (row.Status != ModelConfigStatus.Draft)
            return StoreOutcome<ModelConfigDetails>.Conflict($"Config {id} is {Name(row.Status)} and cannot be edited, so results that used it stay reproducible. Clone it and edit the copy.");
        var before = State(row);
        if (name is not null) row.Name = name.Trim();
        if (description is not null) row.Description = description.Trim().Length == 0 ? null : description.Trim();
        if (valid is not null)
        {
            row.ConfigJson = ModelConfigJson.Write(valid).ToJsonString();
            row.ConversionKey = valid.ConversionKey;
        }
        row.UpdatedAt = clock.GetUtcNow();
        try { await SaveWithAuditAsync(db, row, "updated", before, note, actor, ct); }
        catch (DbUpdateConcurrencyException) { return Changed(id); }
        return StoreOutcome<ModelConfigDetails>.Done(Details(row));
    }

    /// <summary>
    /// Makes a draft the active config of its conversion key and archives the config it replaces, in one transaction.
    /// A concurrent activation for the same key makes one of the two fail on the unique index (or, on PostgreSQL, lose a
    /// deadlock): a conflict, never two actives.
    /// </summary>
    public async Task<StoreOutcome<ModelConfigDetails>> ActivateAsync(int id, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        StoreOutcome<ModelConfigDetails>? outcome = null;
        try
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();   // a retry starts from a clean unit of work
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var row = await db.ModelConfigs.SingleOrDefaultAsync(c => c.Id == id, ct);
                if (row is null) { outcome = Missing(id); return; }
                if (row.Status != ModelConfigStatus.Draft)
                {
                    outcome = StoreOutcome<ModelConfigDetails>.Conflict($"Config {id} is {Name(row.Status)}; only a draft can be activated. Clone it to activate the same settings again.");
                    return;
                }
                var now = clock.GetUtcNow();
                var replaced = await db.ModelConfigs.Where(c => c.ActiveConversionKey == row.ConversionKey).ToListAsync(ct);
                foreach (var old in replaced)
                {
                    var oldState = State(old);
                    old.Status = ModelConfigStatus.Archived;
                    old.ActiveConversionKey = null;
                    old.ArchivedAt = old.UpdatedAt = now;
                    db.ModelConfigAudit.Add(Audit(old.Id, actor, now, "archived", oldState, State(old), $"Replaced by config {id}."));
                }
                await db.SaveChangesAsync(ct);   // frees the conversion key before this config takes it
                var before = State(row);
                row.Status = ModelConfigStatus.Active;
                row.ActiveConversionKey = row.ConversionKey;
                row.ActivatedAt = row.UpdatedAt = now;
                db.ModelConfigAudit.Add(Audit(row.Id, actor, now, "activated", before, State(row),
                    replaced.Count == 0 ? $"First active config for '{row.ConversionKey}'." : $"Replaces config {string.Join(", ", replaced.Select(r => r.Id))}."));
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                outcome = StoreOutcome<ModelConfigDetails>.Done(Details(row));
            });
        }
        catch (Exception e) when (e is DbUpdateException || e.InnerException is DbUpdateException)
        {
            // The unique index, or on PostgreSQL a deadlock between two activations of the same key that each archived
            // another config (the execution strategy retries deadlocks, then gives up with the DbUpdateException inside).
            return StoreOutcome<ModelConfigDetails>.Conflict("Another config for the same conversion key was activated at the same moment; nothing was changed. Reload and try again.");
        }
        return outcome!;
    }

    /// <summary>Archives a draft. The active config is archived only by activating its successor, so a key never loses its active config by accident.</summary>
    public async Task<StoreOutcome<ModelConfigDetails>> ArchiveAsync(int id, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ModelConfigs.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (row is null) return Missing(id);
        if (row.Status == ModelConfigStatus.Archived) return StoreOutcome<ModelConfigDetails>.Conflict($"Config {id} is already archived.");
        if (row.Status == ModelConfigStatus.Active)
            return StoreOutcome<ModelConfigDetails>.Conflict($"Config {id} is the active config for '{row.ConversionKey}': activate another config for that key first (that archives this one), so attribution always has a config to use.");
        var before = State(row);
        row.Status = ModelConfigStatus.Archived;
        row.ArchivedAt = row.UpdatedAt = clock.GetUtcNow();
        try { await SaveWithAuditAsync(db, row, "archived", before, null, actor, ct); }
        catch (DbUpdateConcurrencyException) { return Changed(id); }
        return StoreOutcome<ModelConfigDetails>.Done(Details(row));
    }

    /// <summary>A new draft with the same settings, whatever the source's status: the way to change an active config.</summary>
    public async Task<StoreOutcome<ModelConfigDetails>> CloneAsync(int id, string? name, string actor, CancellationToken ct)
    {
        var errors = name is null ? [] : CheckNames(name, null);
        if (errors.Count > 0) return StoreOutcome<ModelConfigDetails>.Invalid(errors);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var source = await db.ModelConfigs.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (source is null) return Missing(id);
        string copyName = name?.Trim() ?? $"{source.Name} (copy)";
        var row = NewDraft(copyName.Length > 200 ? copyName[..200] : copyName, source.Description,
            ModelConfigJson.Read(JsonNode.Parse(source.ConfigJson)!), actor, parentId: id);
        await SaveWithAuditAsync(db, row, "cloned", new JsonObject(), $"Cloned from config {id}.", actor, ct);
        return StoreOutcome<ModelConfigDetails>.Done(Details(row));
    }

    /// <summary>The config's audit trail, oldest first; null when the config does not exist.</summary>
    public async Task<IReadOnlyList<ModelConfigAuditView>?> AuditAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.ModelConfigs.AnyAsync(c => c.Id == id, ct)) return null;
        var entries = await db.ModelConfigAudit.AsNoTracking().Where(a => a.ConfigId == id).OrderBy(a => a.Id).ToListAsync(ct);
        return [.. entries.Select(a => new ModelConfigAuditView(a.Id, a.ConfigId, a.Actor, a.At, a.Action, a.Note,
            JsonSerializer.Deserialize<List<JsonChange>>(a.DiffJson, StoredJson.Options) ?? []))];
    }

    /// <summary>Adds the default config, active, when the workspace has no config yet (demo seeding and first start).</summary>
    internal static async Task SeedDefaultAsync(MeiroDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.ModelConfigs.AnyAsync(ct)) return;
        var row = new StoredModelConfig
        {
            Name = "Default purchase attribution", Description = "Every touchpoint eligible, 30-day click and 7-day impression look-back, purchases by conversion id.",
            ConversionKey = DefaultModelConfig.ConversionKey, ActiveConversionKey = DefaultModelConfig.ConversionKey, Status = ModelConfigStatus.Active,
            ConfigJson = ModelConfigJson.Write(DefaultModelConfig.Config).ToJsonString(), CreatedBy = SystemActor,
            CreatedAt = now, UpdatedAt = now, ActivatedAt = now,
        };
        db.ModelConfigs.Add(row);
        await db.SaveChangesAsync(ct);
        db.ModelConfigAudit.Add(Audit(row.Id, SystemActor, now, "created", new JsonObject(), State(row), "Default config of a new workspace, active from the start."));
        await db.SaveChangesAsync(ct);
    }

    private StoredModelConfig NewDraft(string name, string? description, ModelConfig config, string actor, int? parentId)
    {
        var now = clock.GetUtcNow();
        return new StoredModelConfig
        {
            Name = name, Description = string.IsNullOrWhiteSpace(description) ? null : description, ConversionKey = config.ConversionKey,
            Status = ModelConfigStatus.Draft, ConfigJson = ModelConfigJson.Write(config).ToJsonString(), ParentId = parentId,
            CreatedBy = actor, CreatedAt = now, UpdatedAt = now,
        };
    }

    /// <summary>Saves the row and its audit entry in one SaveChanges (one transaction); a new row gets its id first.</summary>
    private async Task SaveWithAuditAsync(MeiroDbContext db, StoredModelConfig row, string action, JsonObject before, string? note, string actor, CancellationToken ct)
    {
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (row.Id == 0) db.ModelConfigs.Add(row);
            await db.SaveChangesAsync(ct);
            db.ModelConfigAudit.Add(Audit(row.Id, actor, clock.GetUtcNow(), action, before, State(row), note));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
    }

    /// <summary>What the audit diffs: the versioned content (name, description, config) and the status.</summary>
    private static JsonObject State(StoredModelConfig row) => new()
    {
        ["name"] = row.Name, ["description"] = row.Description, ["status"] = Name(row.Status),
        ["config"] = JsonNode.Parse(row.ConfigJson),
    };

    private static ModelConfigAuditEntry Audit(int configId, string actor, DateTimeOffset at, string action, JsonObject before, JsonObject after, string? note) => new()
    {
        ConfigId = configId, Actor = actor, At = at, Action = action, Note = note,
        DiffJson = JsonSerializer.Serialize(JsonDiff.Compare(before, after), StoredJson.Options),
    };

    private static List<FieldError> CheckNames(string? name, string? description)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200) errors.Add(new("name", "name is required and has at most 200 characters."));
        if (description?.Length > 2000) errors.Add(new("description", "description has at most 2,000 characters."));
        return errors;
    }

    internal static ModelConfigDetails Details(StoredModelConfig r) =>
        new(r.Id, r.Name, r.Description, r.ConversionKey, r.Status, JsonNode.Parse(r.ConfigJson)!, r.ParentId, r.CreatedBy, r.CreatedAt, r.UpdatedAt, r.ActivatedAt, r.ArchivedAt);

    public static string Name(ModelConfigStatus status) => status.ToString().ToLowerInvariant();

    private static StoreOutcome<ModelConfigDetails> Missing(int id) => StoreOutcome<ModelConfigDetails>.NotFound($"Model config {id} does not exist.");

    private static StoreOutcome<ModelConfigDetails> Changed(int id) =>
        StoreOutcome<ModelConfigDetails>.Conflict($"Config {id} changed status meanwhile (another user activated or archived it); reload it.");
}
