using System.Text.Json;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace MeiroMmm.Infrastructure.DataSources;

/// <summary>What an Admin sends to create or change a connection. A null secret on update keeps the stored one.</summary>
public sealed record CdpConnectionInput(
    string? Name, string? BaseUrl, string? Endpoint, int? PageSize, string? ApiKey, string? WebhookSecret,
    CdpFieldMapping? FieldMapping, IReadOnlyList<string>? TouchpointEventTypes, IReadOnlyList<string>? ConversionEventTypes, string? Cron,
    string? ExpensesEndpoint = null, string? SegmentsEndpoint = null);

/// <summary>A connection as the API and page show it: secrets only as "is set" flags.</summary>
public sealed record CdpConnectionView(
    int Id, string Name, string BaseUrl, string Endpoint, int PageSize, bool ApiKeySet, bool WebhookSecretSet,
    CdpFieldMapping FieldMapping, IReadOnlyList<string> TouchpointEventTypes, IReadOnlyList<string> ConversionEventTypes, string? Cron,
    DateTimeOffset? SyncSince, string? Cursor, DateTimeOffset? MaxSeen, DateTimeOffset UpdatedAt, string? ExpensesEndpoint,
    DateTimeOffset? ExpensesSince, string? SegmentsEndpoint)
{
    public static CdpConnectionView Of(CdpConnection c) => new(
        c.Id, c.Name, c.BaseUrl, c.Endpoint, c.PageSize, c.ApiKeyProtected.Length > 0, c.WebhookSecretProtected is not null,
        JsonSerializer.Deserialize<CdpFieldMapping>(c.FieldMappingJson, StoredJson.Options) ?? new CdpFieldMapping(),
        [.. CdpRecordMapper.ParseTypes(c.TouchpointEventTypes)], [.. CdpRecordMapper.ParseTypes(c.ConversionEventTypes)], c.Cron,
        c.SyncSince, c.Cursor, c.MaxSeen, c.UpdatedAt, c.ExpensesEndpoint, c.ExpensesSince, c.SegmentsEndpoint);
}

/// <summary>Connections and their import log. Validates input naming the field; secrets are encrypted before storing. A singleton.</summary>
public sealed class CdpConnectionStore(IDbContextFactory<MeiroDbContext> dbFactory, CdpSecrets secrets, TimeProvider clock)
{
    public const int MaxPageSize = 10_000;

    public async Task<IReadOnlyList<CdpConnection>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<CdpConnection>().AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct);
    }

    public async Task<CdpConnection?> GetAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<CdpConnection>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
    }

    public static List<FieldError> Validate(CdpConnectionInput input, bool creating)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 200) errors.Add(new("name", "name is required (at most 200 characters)."));
        if (!Uri.TryCreate(input.BaseUrl?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || input.BaseUrl!.Length > 1000)
            errors.Add(new("base_url", "base_url must be an absolute http(s) URL, e.g. https://cdp.example.com/api."));
        if (string.IsNullOrWhiteSpace(input.Endpoint) || input.Endpoint.Length > 500 || input.Endpoint.Contains('?'))
            errors.Add(new("endpoint", "endpoint is required: a path below base_url without a query, e.g. conversion-paths."));
        if (input.ExpensesEndpoint is { } expenses && (expenses.Length > 500 || expenses.Contains('?')))
            errors.Add(new("expenses_endpoint", "expenses_endpoint must be a path below base_url without a query, e.g. expenses."));
        if (input.SegmentsEndpoint is { } segments && (segments.Length > 500 || segments.Contains('?')))
            errors.Add(new("segments_endpoint", "segments_endpoint must be a path below base_url without a query, e.g. segments."));
        if (input.PageSize is < 1 or > MaxPageSize) errors.Add(new("page_size", $"page_size must be between 1 and {MaxPageSize}."));
        if (creating && string.IsNullOrWhiteSpace(input.ApiKey)) errors.Add(new("api_key", "api_key is required."));
        if (input.ApiKey is { Length: > 2000 }) errors.Add(new("api_key", "api_key is longer than 2000 characters."));
        if (input.WebhookSecret is { } secret && (secret.Length < 16 || secret.Length > 500)) errors.Add(new("webhook_secret", "webhook_secret must have 16 to 500 characters."));
        if (input.FieldMapping is { } mapping) errors.AddRange(mapping.InvalidPaths().Select(f => new FieldError(f, $"{f} must be a dotted JSON path, e.g. conversion.id.")));
        if (!string.IsNullOrWhiteSpace(input.Cron) && !IsCron(input.Cron.Trim()))
            errors.Add(new("cron", "cron is not a Quartz cron expression (seconds first, e.g. \"0 0/15 * * * ?\")."));
        foreach (var (field, list) in new[] { ("touchpoint_event_types", input.TouchpointEventTypes), ("conversion_event_types", input.ConversionEventTypes) })
            if (list is not null && (list.Any(t => string.IsNullOrWhiteSpace(t) || t.Contains(',') || t.Length > 100) || string.Join(',', list).Length > 2000))
                errors.Add(new(field, $"{field} must be non-empty names without commas, at most 100 characters each."));
        return errors;
    }

    private static bool IsCron(string cron)
    {
        try { _ = new CronExpression(cron); return true; }
        catch (FormatException) { return false; }
    }

    public async Task<(CdpConnection? Connection, List<FieldError> Errors)> CreateAsync(CdpConnectionInput input, CancellationToken ct)
    {
        var errors = Validate(input, creating: true);
        if (errors.Count > 0) return (null, errors);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        string name = input.Name!.Trim();
        if (await db.Set<CdpConnection>().AnyAsync(c => c.Name == name, ct)) return (null, [new("name", $"A connection named '{name}' exists already.")]);
        var now = clock.GetUtcNow();
        var connection = new CdpConnection
        {
            Name = name, BaseUrl = "", Endpoint = "", ApiKeyProtected = "", FieldMappingJson = "", CreatedAt = now,
        };
        Apply(connection, input, now);
        db.Add(connection);
        await db.SaveChangesAsync(ct);
        return (connection, []);
    }

    /// <summary>Null connection and no errors: not found.</summary>
    public async Task<(CdpConnection? Connection, List<FieldError> Errors)> UpdateAsync(int id, CdpConnectionInput input, CancellationToken ct)
    {
        var errors = Validate(input, creating: false);
        if (errors.Count > 0) return (null, errors);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Set<CdpConnection>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (connection is null) return (null, []);
        string name = input.Name!.Trim();
        if (await db.Set<CdpConnection>().AnyAsync(c => c.Name == name && c.Id != id, ct)) return (null, [new("name", $"A connection named '{name}' exists already.")]);
        Apply(connection, input, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return (connection, []);
    }

    private void Apply(CdpConnection c, CdpConnectionInput input, DateTimeOffset now)
    {
        c.Name = input.Name!.Trim();
        c.BaseUrl = input.BaseUrl!.Trim();
        c.Endpoint = input.Endpoint!.Trim().Trim('/');
        c.PageSize = input.PageSize ?? 500;
        if (!string.IsNullOrWhiteSpace(input.ApiKey)) c.ApiKeyProtected = secrets.Protect(input.ApiKey.Trim());
        if (!string.IsNullOrWhiteSpace(input.WebhookSecret)) c.WebhookSecretProtected = secrets.Protect(input.WebhookSecret);
        c.FieldMappingJson = JsonSerializer.Serialize(input.FieldMapping ?? new CdpFieldMapping(), StoredJson.Options);
        c.TouchpointEventTypes = string.Join(',', (input.TouchpointEventTypes ?? []).Select(t => t.Trim()));
        c.ConversionEventTypes = string.Join(',', (input.ConversionEventTypes ?? []).Select(t => t.Trim()));
        c.Cron = string.IsNullOrWhiteSpace(input.Cron) ? null : input.Cron.Trim();
        string? expenses = string.IsNullOrWhiteSpace(input.ExpensesEndpoint) ? null : input.ExpensesEndpoint.Trim().Trim('/');
        if (expenses != c.ExpensesEndpoint) c.ExpensesSince = null;   // another endpoint: its watermark means nothing there
        c.ExpensesEndpoint = expenses;
        c.SegmentsEndpoint = string.IsNullOrWhiteSpace(input.SegmentsEndpoint) ? null : input.SegmentsEndpoint.Trim().Trim('/');
        c.UpdatedAt = now;
    }

    public async Task<IReadOnlyList<CdpSyncRun>> RunsAsync(int connectionId, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<CdpSyncRun>().AsNoTracking().Where(r => r.ConnectionId == connectionId).OrderByDescending(r => r.Id).Take(limit).ToListAsync(ct);
    }
}
