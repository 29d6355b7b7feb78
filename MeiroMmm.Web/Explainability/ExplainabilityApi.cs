using System.Globalization;
using MeiroMmm.Infrastructure.Explainability;
using Microsoft.AspNetCore.Http.HttpResults;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace MeiroMmm.Web.Explainability;

/// <summary>/api/explainability: why a metric changed between two periods (docs/EXPLAINABILITY.md).</summary>
public static class ExplainabilityApi
{
    /// <summary>Longest period accepted: ten years of days.</summary>
    public const int MaxPeriodDays = 3660;

    public static IEndpointRouteBuilder MapExplainabilityApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/explainability").WithTags("Explainability").RequireAuthorization(Policies.ReadData);
        group.MapGet("/summary", SummaryAsync)
            .WithSummary("Why did this change? Volume × mix × rate decomposition, top contributors and movers, comparability, data-quality confidence and a narrative.");
        return api;
    }

    private static async Task<Results<Ok<ExplainabilitySummary>, ValidationProblem, ProblemHttpResult>> SummaryAsync(
        string? scope, string? from, string? to, [FromQuery(Name = "compare_from")] string? compareFrom, [FromQuery(Name = "compare_to")] string? compareTo,
        ExplainabilityService service, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        string resolvedScope = (scope ?? ExplainabilityRequest.ChannelScope).Trim().ToLowerInvariant();
        if (resolvedScope is not (ExplainabilityRequest.ChannelScope or ExplainabilityRequest.CampaignScope))
            errors["scope"] = ["scope is channel (default) or campaign."];
        var raw = new (string Name, string? Value)[] { ("from", from), ("to", to), ("compare_from", compareFrom), ("compare_to", compareTo) };
        var dates = new Dictionary<string, DateOnly>();
        if (raw.Any(r => !string.IsNullOrWhiteSpace(r.Value)))
        {
            foreach (var (name, value) in raw)
            {
                if (string.IsNullOrWhiteSpace(value)) errors[name] = [$"{name} is required when any period date is given (yyyy-MM-dd)."];
                else if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    errors[name] = [$"{name} must be a date as yyyy-MM-dd; '{value}' is not one."];
                else dates[name] = date;
            }
            CheckRange(dates, "from", "to", errors);
            CheckRange(dates, "compare_from", "compare_to", errors);
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        ExplainabilityRequest request;
        if (dates.Count == 0)
        {
            if (await service.DefaultPeriodsAsync(ct) is not { } d)
                return TypedResults.Problem(statusCode: 404, detail: "There are no journeys yet, so there is no default period; give from, to, compare_from and compare_to.");
            request = new ExplainabilityRequest(resolvedScope, d.From, d.To, d.CompareFrom, d.CompareTo);
        }
        else request = new ExplainabilityRequest(resolvedScope, dates["from"], dates["to"], dates["compare_from"], dates["compare_to"]);
        return TypedResults.Ok(await service.ExplainAsync(request, ct));
    }

    private static void CheckRange(Dictionary<string, DateOnly> dates, string fromName, string toName, Dictionary<string, string[]> errors)
    {
        if (!dates.TryGetValue(fromName, out var start) || !dates.TryGetValue(toName, out var end)) return;
        if (end < start) errors[toName] = [$"{toName} ({end:yyyy-MM-dd}) is before {fromName} ({start:yyyy-MM-dd})."];
        else if (end.DayNumber - start.DayNumber + 1 > MaxPeriodDays) errors[toName] = [$"A period can be at most {MaxPeriodDays} days long."];
    }
}
