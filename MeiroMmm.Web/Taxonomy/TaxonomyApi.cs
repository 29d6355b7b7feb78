using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure.DataQuality;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Taxonomy;
using MeiroMmm.Web.Api;
using MeiroMmm.Web.Security;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace MeiroMmm.Web.Taxonomy;

/// <summary>Body of map-channel: one touchpoint's UTM tag.</summary>
public sealed record MapChannelRequest(string? Source, string? Medium, string? Campaign);

/// <summary>
/// /api/taxonomy: the current taxonomy and its versions, UTM validation, channel mapping, the reports over stored journeys,
/// and (Admin) saving and restoring versions, with an impact preview for Analysts and Admins.
/// </summary>
public static class TaxonomyApi
{
    /// <summary>Longest value map-channel accepts; longer input is not a tag but a mistake (or an attack on the regexes).</summary>
    public const int MaxInputLength = 2000;
    public const int DefaultLimit = 10, MaxLimit = 100;

    public static void MapTaxonomyApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/taxonomy").WithTags("Taxonomy").RequireAuthorization(Policies.ReadData);
        group.MapGet("/", async (TaxonomyStore store, CancellationToken ct) =>
            {
                var current = await store.CurrentAsync(ct);
                return TypedResults.Ok(TaxonomyResponse.From(current.Info, current.Taxonomy, isCurrent: true));
            })
            .WithSummary("The taxonomy in use (the latest version): rules in priority order, source and medium aliases, who saved it and when.");
        group.MapPut("/", SaveAsync).RequireAuthorization(Policies.ManageWorkspace)
            .WithSummary("Save a whole taxonomy (rules, source_aliases, medium_aliases, note, based_on_version) as the next version; every rule is checked.");
        group.MapGet("/versions", async (TaxonomyStore store, CancellationToken ct) => TypedResults.Ok(await store.VersionsAsync(ct)))
            .WithSummary("Every saved version, newest first.");
        group.MapGet("/versions/{version:int}", VersionAsync).WithSummary("One saved version with its rules and aliases.");
        group.MapPost("/versions/{version:int}/restore", RestoreAsync).RequireAuthorization(Policies.ManageWorkspace)
            .WithSummary("Make an earlier version current by saving a copy of it as the next version; optional body {\"note\": …}.");
        group.MapPost("/preview-impact", PreviewImpactAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("What saving this taxonomy would change: stored touchpoints changing channel (from → to) and the unknown share before and after.");
        group.MapGet("/rules", async (TaxonomyStore store, CancellationToken ct) => TypedResults.Ok(await store.LoadRulesAsync(ct)))
            .WithSummary("The channel rules in priority order (lowest first).");
        group.MapPost("/validate-utm", ValidateUtmAsync)
            .WithSummary("Validate and normalize a UTM tag, given as parameters (utm_source, …) and/or a landing-page url.");
        group.MapPost("/map-channel", MapChannelAsync)
            .WithSummary("The channel a source/medium/campaign maps to, with the matched rule and a confidence from 0 to 1.");
        group.MapGet("/unknown-share", UnknownShareAsync)
            .WithSummary("Share of stored touchpoints the current taxonomy cannot map, by source, by medium, top unmapped pairs.");
        group.MapGet("/coverage", async (TaxonomyReports reports, CancellationToken ct) => TypedResults.Ok(await reports.CoverageAsync(ct)))
            .WithSummary("Channel distribution, source and medium coverage, and how many touchpoints each rule maps.");
        group.MapGet("/channel-confidence", ChannelConfidenceAsync)
            .WithSummary("Mean mapping confidence and low-confidence (< 0.5) share, overall or for one channel.");
        group.MapPost("/compute-dq", async (DqRunService runs, CancellationToken ct) => TypedResults.Ok(await runs.ComputeTaxonomyAsync(ct)))
            .RequireAuthorization(Policies.EditData)
            .WithSummary("Compute the six taxonomy metrics now and store them as today's DQ snapshots (alert rules run with the DQ run).");
    }

    /// <summary>
    /// The body is a flat JSON object of parameter names to string values, so non-standard names (source, UTM_Source)
    /// reach the validator and come back as warnings. Body parameters come before the url's, so they win over it.
    /// </summary>
    private static async Task<Results<Ok<UtmValidationResult>, ValidationProblem>> ValidateUtmAsync(
        Dictionary<string, string?> body, TaxonomyStore store, CancellationToken ct)
    {
        string? url = body.FirstOrDefault(p => string.Equals(p.Key.Trim(), "url", StringComparison.OrdinalIgnoreCase)).Value;
        var parameters = body.Where(p => !string.Equals(p.Key.Trim(), "url", StringComparison.OrdinalIgnoreCase)).ToList();
        var errors = new List<FieldError>();
        if (!string.IsNullOrWhiteSpace(url))
        {
            if (UtmValidator.TryExtract(url, out var fromUrl, out string problem)) parameters.AddRange(fromUrl);
            else errors.Add(new("url", problem));
        }
        else if (parameters.Count == 0)
            errors.Add(new("url", "Give a landing-page url, UTM parameters (utm_source, utm_medium, …), or both."));
        errors.AddRange(parameters.Where(p => p.Value?.Length > MaxInputLength)
            .Select(p => new FieldError(p.Key, $"{p.Key} has more than {MaxInputLength} characters.")));
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors.ToValidationDictionary());

        var validator = new UtmValidator(await store.MapperAsync(ct));
        return TypedResults.Ok(validator.Validate(parameters));
    }

    private static async Task<Results<Ok<ChannelMapping>, ValidationProblem>> MapChannelAsync(MapChannelRequest request, TaxonomyStore store, CancellationToken ct)
    {
        var errors = new[] { ("source", request.Source), ("medium", request.Medium), ("campaign", request.Campaign) }
            .Where(f => f.Item2?.Length > MaxInputLength)
            .Select(f => new FieldError(f.Item1, $"{f.Item1} has more than {MaxInputLength} characters.")).ToList();
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors.ToValidationDictionary());
        return TypedResults.Ok((await store.MapperAsync(ct)).Map(request.Source, request.Medium, request.Campaign));
    }

    private static async Task<Results<Ok<UnknownShareReport>, ValidationProblem>> UnknownShareAsync(TaxonomyReports reports, int? limit, CancellationToken ct)
    {
        if (limit is < 1 or > MaxLimit)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {MaxLimit}."] });
        return TypedResults.Ok(await reports.UnknownShareAsync(limit ?? DefaultLimit, ct));
    }

    private static async Task<Results<Ok<ChannelConfidenceReport>, ValidationProblem>> ChannelConfidenceAsync(TaxonomyReports reports, string? channel, CancellationToken ct)
    {
        var (report, errors) = await reports.ChannelConfidenceAsync(string.IsNullOrWhiteSpace(channel) ? null : channel.Trim(), ct);
        return report is null ? TypedResults.ValidationProblem(errors.ToValidationDictionary()) : TypedResults.Ok(report);
    }

    private static async Task<Results<Ok<TaxonomyVersionInfo>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        TaxonomyInput input, ClaimsPrincipal user, TaxonomyStore store, CancellationToken ct)
    {
        var (taxonomy, errors) = input.ToTaxonomy();
        if (taxonomy is null) return TypedResults.ValidationProblem(errors.ToValidationDictionary());
        return ToHttp(await store.SaveAsync(taxonomy, ActorName.Of(user), input.Note, input.BasedOnVersion, ct));
    }

    private static async Task<Results<Ok<TaxonomyResponse>, ProblemHttpResult>> VersionAsync(int version, TaxonomyStore store, CancellationToken ct) =>
        await store.VersionAsync(version, ct) is { } v
            ? TypedResults.Ok(TaxonomyResponse.From(v.Info, v.Taxonomy, v.IsCurrent))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Taxonomy version {version} does not exist.");

    private static async Task<Results<Ok<TaxonomyVersionInfo>, ValidationProblem, ProblemHttpResult>> RestoreAsync(
        int version, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] RestoreRequest? request, ClaimsPrincipal user, TaxonomyStore store, CancellationToken ct) =>
        ToHttp(await store.RestoreAsync(version, ActorName.Of(user), request?.Note, ct));

    private static async Task<Results<Ok<TaxonomyImpact>, ValidationProblem>> PreviewImpactAsync(TaxonomyInput input, TaxonomyReports reports, CancellationToken ct)
    {
        var (taxonomy, errors) = input.ToTaxonomy();
        if (taxonomy is not null) errors = [.. ChannelTaxonomyCheck.Check(taxonomy).Select(e => new FieldError(e.Field, e.Message))];
        if (taxonomy is null || errors.Count > 0) return TypedResults.ValidationProblem(errors.ToValidationDictionary());
        return TypedResults.Ok(await reports.PreviewImpactAsync(taxonomy, ct));
    }

    private static Results<Ok<T>, ValidationProblem, ProblemHttpResult> ToHttp<T>(StoreOutcome<T> op) => op.Status switch
    {
        StoreOutcomeStatus.Done when op.Value is { } value => TypedResults.Ok(value),
        StoreOutcomeStatus.Invalid => TypedResults.ValidationProblem(op.Errors.ToValidationDictionary()),
        StoreOutcomeStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: op.Reason),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict with the stored taxonomy", detail: op.Reason),
    };
}
