using System.Security.Claims;
using MeiroMmm.Domain.Configs;
using MeiroMmm.Infrastructure.Configs;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Web.Api;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MeiroMmm.Web.Configs;

/// <summary>/api/model-configs: versioned model configs, their life cycle and audit trail. Reads need ReadData, changes EditData.</summary>
public static class ModelConfigsApi
{
    public static void MapModelConfigsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/model-configs").WithTags("Model configs").RequireAuthorization(Policies.ReadData);
        group.MapGet("/", ListAsync).WithSummary("Every config version (active first, then drafts, then archived); filter by status or conversion_key.");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Create a draft config: name, description, config (validated against the schema; errors name each field path).");
        group.MapGet("/schema", () => TypedResults.Text(ModelConfigSchema.Text, "application/schema+json"))
            .WithSummary("The JSON schema a config document must satisfy.");
        group.MapGet("/active", ActiveAsync).WithSummary("The active config for a conversion_key (default purchase).");
        group.MapGet("/{id:int}", GetAsync).WithSummary("One config version.");
        group.MapPatch("/{id:int}", UpdateAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Change a draft's name, description or config; active and archived configs are immutable (409: clone them).");
        group.MapPost("/{id:int}/activate", async (int id, ClaimsPrincipal user, ModelConfigStore store, CancellationToken ct) =>
                ToHttp(await store.ActivateAsync(id, ActorName.Of(user), ct)))
            .RequireAuthorization(Policies.EditData)
            .WithSummary("Make a draft the active config of its conversion key; the config it replaces is archived in the same transaction.");
        group.MapPost("/{id:int}/archive", async (int id, ClaimsPrincipal user, ModelConfigStore store, CancellationToken ct) =>
                ToHttp(await store.ArchiveAsync(id, ActorName.Of(user), ct)))
            .RequireAuthorization(Policies.EditData)
            .WithSummary("Archive a draft (the active config is archived by activating its successor).");
        group.MapPost("/{id:int}/clone", CloneAsync).RequireAuthorization(Policies.EditData)
            .WithSummary("Copy a config of any status into a new draft; optional body {\"name\": …}.");
        group.MapGet("/{id:int}/audit", AuditAsync).WithSummary("Who changed the config, when, and the JSON diff of each change, oldest first.");
    }

    private static async Task<Results<Ok<IReadOnlyList<ModelConfigDetails>>, ValidationProblem>> ListAsync(
        string? status, [FromQuery(Name = "conversion_key")] string? conversionKey, ModelConfigStore store, CancellationToken ct)
    {
        ModelConfigStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<ModelConfigStatus>(status.Trim(), ignoreCase: true, out var parsed) || int.TryParse(status, out _))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["status is one of draft, active, archived."] });
            wanted = parsed;
        }
        var all = await store.ListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<ModelConfigDetails>>([.. all.Where(c => (wanted is null || c.Status == wanted)
            && (conversionKey is null || c.ConversionKey == conversionKey.Trim()))]);
    }

    private static async Task<Results<Created<ModelConfigDetails>, ValidationProblem>> CreateAsync(
        ModelConfigInput input, ClaimsPrincipal user, ModelConfigStore store, CancellationToken ct)
    {
        var op = await store.CreateAsync(input.Name, input.Description, input.Config, ActorName.Of(user), ct);
        return op.Value is { } created
            ? TypedResults.Created($"/api/model-configs/{created.Id}", created)
            : TypedResults.ValidationProblem(op.Errors.ToValidationDictionary());
    }

    private static async Task<Results<Ok<ModelConfigDetails>, ProblemHttpResult>> GetAsync(int id, ModelConfigStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } config ? TypedResults.Ok(config) : Missing(id);

    private static async Task<Results<Ok<ActiveModelConfigResponse>, ProblemHttpResult>> ActiveAsync([FromQuery(Name = "conversion_key")] string? conversionKey, ModelConfigStore store, CancellationToken ct)
    {
        string key = string.IsNullOrWhiteSpace(conversionKey) ? DefaultModelConfig.ConversionKey : conversionKey.Trim();
        if (await store.GetActiveAsync(key, ct) is not { } active)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No config is active for conversion key '{key}'.");
        return TypedResults.Ok(new ActiveModelConfigResponse(active.Id, active.Name, key, ModelConfigJson.Write(active.Config)));
    }

    private static async Task<Results<Ok<ModelConfigDetails>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        int id, ModelConfigPatch patch, ClaimsPrincipal user, ModelConfigStore store, CancellationToken ct) =>
        ToHttp(await store.UpdateAsync(id, patch.Name, patch.Description, patch.Config, ActorName.Of(user), patch.Note, ct));

    private static async Task<Results<Ok<ModelConfigDetails>, ValidationProblem, ProblemHttpResult>> CloneAsync(
        int id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] CloneRequest? request,
        ClaimsPrincipal user, ModelConfigStore store, CancellationToken ct) =>
        ToHttp(await store.CloneAsync(id, request?.Name, ActorName.Of(user), ct));

    private static async Task<Results<Ok<IReadOnlyList<ModelConfigAuditView>>, ProblemHttpResult>> AuditAsync(int id, ModelConfigStore store, CancellationToken ct) =>
        await store.AuditAsync(id, ct) is { } audit ? TypedResults.Ok(audit) : Missing(id);

    private static Results<Ok<T>, ValidationProblem, ProblemHttpResult> ToHttp<T>(StoreOutcome<T> op) => op.Status switch
    {
        StoreOutcomeStatus.Done when op.Value is { } value => TypedResults.Ok(value),
        StoreOutcomeStatus.Invalid => TypedResults.ValidationProblem(op.Errors.ToValidationDictionary()),
        StoreOutcomeStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: op.Reason),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict with the config's status", detail: op.Reason),
    };

    private static ProblemHttpResult Missing(int id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Model config {id} does not exist.");
}

