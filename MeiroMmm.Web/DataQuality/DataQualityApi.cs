using MeiroMmm.Domain.DataQuality;
using MeiroMmm.Infrastructure.DataQuality;
using MeiroMmm.Web.Api;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MeiroMmm.Web.DataQuality;

/// <summary>
/// /api/data-quality (metrics, snapshots, status, run) and /api/alerts (inbox and actions). Reads need ReadData;
/// acknowledging, resolving, snoozing and noting alerts need EditData (Analyst); a DQ run needs ManageWorkspace (Admin).
/// </summary>
public static class DataQualityApi
{
    public static void MapDataQualityApi(this IEndpointRouteBuilder api)
    {
        var dq = api.MapGroup("/data-quality").WithTags("Data quality & alerts").RequireAuthorization(Policies.ReadData);
        dq.MapGet("/metrics", () => TypedResults.Ok(DqMetricCatalog.All))
            .WithSummary("The metrics a DQ run computes: key, label, unit, what the source is, and what the number means.");
        dq.MapGet("/snapshots", SnapshotsAsync)
            .WithSummary("Stored snapshots, oldest bucket first (at most 5,000, the newest): filter by metric_key, source, from, to (ISO 8601).");
        dq.MapGet("/status", async (DataQualityStatusService status, CancellationToken ct) => TypedResults.Ok(await status.CurrentAsync(ct)))
            .WithSummary("The newest value of every metric and source, and each enabled rule on it: evaluated, breached, message.");
        dq.MapPost("/run", RunAsync).RequireAuthorization(Policies.ManageWorkspace)
            .WithSummary("Run the DQ job now: compute and store snapshots, evaluate rules, raise/resolve alerts, send notifications. 409 while a run is in progress.");

        var alerts = api.MapGroup("/alerts").WithTags("Data quality & alerts").RequireAuthorization(Policies.ReadData);
        alerts.MapGet("/", ListAlertsAsync)
            .WithSummary("Alerts, newest first. Filters: status (open|acknowledged|resolved), severity (info|warning|critical), snoozed, rule_id; without status, open=true (default) hides resolved ones.");
        alerts.MapGet("/{id}", GetAlertAsync).WithSummary("One alert with its audit (who did what, when).");
        alerts.MapPost("/{id}/acknowledge", (long id, AlertActionRequest? body, AlertStore store, HttpContext http, CancellationToken ct) =>
                Act(store.AcknowledgeAsync(id, Actor(http), body?.Note, ct), id))
            .RequireAuthorization(Policies.EditData).WithSummary("Open → acknowledged, with an optional note. 409 when not open.");
        alerts.MapPost("/{id}/resolve", (long id, AlertActionRequest? body, AlertStore store, HttpContext http, CancellationToken ct) =>
                Act(store.ResolveAsync(id, Actor(http), body?.Note, ct), id))
            .RequireAuthorization(Policies.EditData).WithSummary("Resolve an open or acknowledged alert, with an optional note. If the rule is still breached the next run raises a new alert.");
        alerts.MapPost("/{id}/snooze", SnoozeAsync)
            .RequireAuthorization(Policies.EditData).WithSummary("Mute notifications until a time (until, or hours from now; at most 90 days). When the snooze ends and the rule is still breached, the next run notifies again.");
        alerts.MapPost("/{id}/notes", (long id, AlertActionRequest? body, AlertStore store, HttpContext http, CancellationToken ct) =>
                Act(store.AddNoteAsync(id, Actor(http), body?.Note ?? "", ct), id))
            .RequireAuthorization(Policies.EditData).WithSummary("Add a note to the alert's audit.");
    }

    /// <summary>Who is acting: the user's name, or the API key's name.</summary>
    public static string Actor(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    private static async Task<Results<Ok<IReadOnlyList<DqSnapshot>>, ValidationProblem>> SnapshotsAsync(
        DqSnapshotStore store, string? metric_key, string? source, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        if (metric_key is not null && !DqMetricCatalog.IsKnown(metric_key))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["metric_key"] = [$"'{metric_key}' is not a data-quality metric: use one of {string.Join(", ", DqMetricCatalog.All.Select(m => m.Key))}."] });
        if (from > to) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from is after to."] });
        return TypedResults.Ok(await store.QueryAsync(metric_key, source, from, to, ct));
    }

    private static async Task<Results<Ok<DqRunSummary>, ProblemHttpResult>> RunAsync(DqRunService runs, CancellationToken ct)
    {
        try { return TypedResults.Ok(await runs.RunAsync(null, ct)); }
        catch (DqRunInProgressException e) { return TypedResults.Problem(statusCode: 409, detail: e.Message); }
    }

    private static async Task<Results<Ok<IReadOnlyList<AlertEvent>>, ValidationProblem>> ListAlertsAsync(
        AlertStore store, string? status, string? severity, bool? open, bool? snoozed, long? rule_id, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        AlertStatus? statusValue = ParseEnum<AlertStatus>(status, "status", errors);
        AlertSeverity? severityValue = ParseEnum<AlertSeverity>(severity, "severity", errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await store.ListAsync(new AlertFilter(statusValue, severityValue, OpenOnly: statusValue is null && (open ?? true), snoozed, rule_id), ct));
    }

    /// <summary>Query enums are case-insensitive names ("open", "critical"); anything else is an error naming the field.</summary>
    private static T? ParseEnum<T>(string? value, string field, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(value.Trim()[0])) return parsed;
        errors[field] = [$"{field} must be one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}."];
        return null;
    }

    /// <summary>An alert and its audit trail.</summary>
    public sealed record AlertDetails(AlertEvent Alert, IReadOnlyList<AlertAuditEntry> Audit);

    private static async Task<Results<Ok<AlertDetails>, ProblemHttpResult>> GetAlertAsync(long id, AlertStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } alert ? TypedResults.Ok(new AlertDetails(alert, await store.AuditAsync(id, ct))) : Missing(id);

    private static Task<Results<Ok<AlertEvent>, ValidationProblem, ProblemHttpResult>> SnoozeAsync(
        long id, AlertActionRequest? body, AlertStore store, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        DateTimeOffset? until = body?.Until ?? (body?.Hours is { } h && double.IsFinite(h) && h > 0 && h <= 24 * 90 ? clock.GetUtcNow().AddHours(h) : null);
        if (until is null)
            return Task.FromResult<Results<Ok<AlertEvent>, ValidationProblem, ProblemHttpResult>>(TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["until"] = ["Give until (a UTC time) or hours (between 0 and 2160) to snooze for."] }));
        return Act(store.SnoozeAsync(id, until.Value, Actor(http), body?.Note, ct), id);
    }

    private static async Task<Results<Ok<AlertEvent>, ValidationProblem, ProblemHttpResult>> Act(Task<AlertChange> change, long id)
    {
        var result = await change;
        if (result.Errors is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors.ToValidationDictionary());
        if (result.NotFound) return Missing(id);
        if (result.Conflict is { } conflict) return TypedResults.Problem(statusCode: 409, detail: conflict);
        return TypedResults.Ok(result.Alert!);
    }

    private static ProblemHttpResult Missing(long id) => TypedResults.Problem(statusCode: 404, detail: $"Alert {id} does not exist.");
}
