using MeiroMmm.Domain.DataQuality;
using MeiroMmm.Infrastructure.DataQuality;
using MeiroMmm.Web.Api;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MeiroMmm.Web.DataQuality;

/// <summary>/api/alert-rules: list and preview for everyone (ReadData); create, edit and delete for Admins.</summary>
public static class AlertRulesApi
{
    /// <summary>A rule as the API shows it, with its channels as ids.</summary>
    public sealed record AlertRuleView(
        long Id, string Name, string MetricKey, string? Source, AlertRuleType RuleType, ThresholdOperator? Operator, double Threshold,
        int? LookbackHours, double? MinVolume, AlertSeverity Severity, bool Enabled, IReadOnlyList<long> ChannelIds, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public static AlertRuleView Of(AlertRule r) => new(r.Id, r.Name, r.MetricKey, r.Source, r.RuleType, r.Operator, r.Threshold, r.LookbackHours,
            r.MinVolume, r.Severity, r.Enabled, [.. r.Channels.Select(c => c.ChannelId)], r.CreatedAt, r.UpdatedAt);
    }

    /// <summary>Preview of one series (one source): per bucket whether the rule fires, and how many alerts it would have raised.</summary>
    public sealed record SeriesPreview(string Source, int FiredBuckets, int Alerts, IReadOnlyList<AlertRulePreview.Point> Points);

    public static void MapAlertRulesApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/alert-rules").WithTags("Data quality & alerts").RequireAuthorization(Policies.ReadData);
        group.MapGet("/", async (AlertRuleStore store, CancellationToken ct) => TypedResults.Ok((await store.ListAsync(ct)).Select(AlertRuleView.Of).ToList()))
            .WithSummary("Alert rules by name.");
        group.MapGet("/{id}", GetAsync).WithSummary("One alert rule.");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.ManageWorkspace)
            .WithSummary("Create a rule: name, metric_key, source (null: every source), rule_type, operator, threshold, lookback_hours, min_volume, severity, enabled, channel_ids.");
        group.MapPut("/{id}", UpdateAsync).RequireAuthorization(Policies.ManageWorkspace).WithSummary("Replace a rule's settings.");
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization(Policies.ManageWorkspace)
            .WithSummary("Delete a rule; its alerts stay, with the rule's name.");
        group.MapPost("/preview", PreviewAsync)
            .WithSummary("When the rule (not saved) would have fired on the stored snapshots: per source, each bucket, and how many alerts it would have raised.");
    }

    private static async Task<Results<Ok<AlertRuleView>, ProblemHttpResult>> GetAsync(long id, AlertRuleStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } rule ? TypedResults.Ok(AlertRuleView.Of(rule)) : Missing(id);

    private static async Task<Results<Created<AlertRuleView>, ValidationProblem>> CreateAsync(AlertRuleInput input, AlertRuleStore store, CancellationToken ct)
    {
        var (draft, errors) = input.ToDraft(nameRequired: true);
        if (draft is null) return TypedResults.ValidationProblem(errors.ToValidationDictionary());
        var (rule, problems) = await store.CreateAsync(draft, ct);
        return rule is null ? TypedResults.ValidationProblem(problems.ToValidationDictionary()) : TypedResults.Created($"/api/alert-rules/{rule.Id}", AlertRuleView.Of(rule));
    }

    private static async Task<Results<Ok<AlertRuleView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(long id, AlertRuleInput input, AlertRuleStore store, CancellationToken ct)
    {
        var (draft, errors) = input.ToDraft(nameRequired: true);
        if (draft is null) return TypedResults.ValidationProblem(errors.ToValidationDictionary());
        var (rule, problems) = await store.UpdateAsync(id, draft, ct);
        if (rule is not null) return TypedResults.Ok(AlertRuleView.Of(rule));
        return problems.Count > 0 ? TypedResults.ValidationProblem(problems.ToValidationDictionary()) : Missing(id);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, AlertRuleStore store, CancellationToken ct) =>
        await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : Missing(id);

    private static async Task<Results<Ok<IReadOnlyList<SeriesPreview>>, ValidationProblem>> PreviewAsync(AlertRuleInput input, DqSnapshotStore snapshots, CancellationToken ct)
    {
        var (draft, errors) = input.ToDraft(nameRequired: false);
        if (draft is null) return TypedResults.ValidationProblem(errors.ToValidationDictionary());
        var spec = draft.ToSpec();
        var problems = spec.Check();
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
        return TypedResults.Ok(await PreviewSeriesAsync(spec, snapshots, ct));
    }

    /// <summary>The preview for every series the rule would watch (shared with the rules page).</summary>
    public static async Task<IReadOnlyList<SeriesPreview>> PreviewSeriesAsync(AlertRuleSpec spec, DqSnapshotStore snapshots, CancellationToken ct)
    {
        var series = await snapshots.SeriesAsync(spec.MetricKey, spec.Source, ct);
        return [.. series.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s =>
        {
            var preview = AlertRulePreview.Run(spec, s.Value);
            return new SeriesPreview(s.Key, preview.FiredBuckets, preview.Alerts, preview.Points);
        })];
    }

    private static ProblemHttpResult Missing(long id) => TypedResults.Problem(statusCode: 404, detail: $"Alert rule {id} does not exist.");
}
