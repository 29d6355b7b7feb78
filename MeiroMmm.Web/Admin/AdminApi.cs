using System.Security.Claims;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Web.Api;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MeiroMmm.Web.Admin;

public sealed record UserView(int Id, string UserName, string DisplayName, string Role, bool IsDisabled, bool IsLockedOut, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt)
{
    public static UserView Of(UserAccount u, DateTimeOffset now) =>
        new(u.Id, u.UserName, u.DisplayName, u.Role, u.IsDisabled, u.LockedUntil > now, u.CreatedAt, u.LastSignInAt);
}

public sealed record CreateUserRequest(string UserName, string? DisplayName, string Role, string Password);
public sealed record UpdateUserRequest(string Role, bool IsDisabled);
public sealed record ApiKeyView(int Id, string Name, string Role, string Prefix, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyView Of(ApiKey k) => new(k.Id, k.Name, k.Role, k.Prefix, k.CreatedBy, k.CreatedAt, k.LastUsedAt, k.RevokedAt);
}
public sealed record CreateApiKeyRequest(string Name, string Role);
/// <summary>The only response that ever contains the key itself.</summary>
public sealed record CreatedApiKeyView(ApiKeyView Key, string Secret);

/// <summary>/api/admin: users and API keys. Admins only.</summary>
public static class AdminApi
{
    public static void MapAdminApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/admin").WithTags("Admin").RequireAuthorization(Policies.ManageWorkspace);
        group.MapGet("/users", async (UserAccountService users, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok((await users.ListAsync(ct)).Select(u => UserView.Of(u, clock.GetUtcNow())).ToList()))
            .WithSummary("List users with their roles.");
        group.MapPost("/users", CreateUserAsync).WithSummary("Create a local user.");
        group.MapPut("/users/{id:int}", UpdateUserAsync).WithSummary("Change a user's role or disable the account.");
        group.MapGet("/api-keys", async (ApiKeyService keys, CancellationToken ct) => TypedResults.Ok((await keys.ListAsync(ct)).Select(ApiKeyView.Of).ToList()))
            .WithSummary("List API keys (never the keys themselves).");
        group.MapPost("/api-keys", CreateApiKeyAsync).WithSummary("Create an API key; the response shows it once.");
        group.MapDelete("/api-keys/{id:int}", RevokeApiKeyAsync).WithSummary("Revoke an API key.");
    }

    private static async Task<Results<Created<UserView>, ValidationProblem>> CreateUserAsync(CreateUserRequest request, UserAccountService users, TimeProvider clock, CancellationToken ct)
    {
        var (user, errors) = await users.CreateAsync(new UserAccountInput(request.UserName ?? "", request.DisplayName ?? "", request.Role ?? "", request.Password ?? ""), ct);
        return user is null
            ? TypedResults.ValidationProblem(errors.ToValidationDictionary())
            : TypedResults.Created($"/api/admin/users/{user.Id}", UserView.Of(user, clock.GetUtcNow()));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> UpdateUserAsync(int id, UpdateUserRequest request, UserAccountService users, CancellationToken ct)
    {
        var errors = await users.UpdateAsync(id, request.Role ?? "", request.IsDisabled, ct);
        if (errors.Any(e => e.Field == "id")) return TypedResults.Problem(statusCode: 404, detail: $"User {id} does not exist.");
        return errors.Count == 0 ? TypedResults.NoContent() : TypedResults.ValidationProblem(errors.ToValidationDictionary());
    }

    private static async Task<Results<Created<CreatedApiKeyView>, ValidationProblem>> CreateApiKeyAsync(CreateApiKeyRequest request, ApiKeyService keys, ClaimsPrincipal user, CancellationToken ct)
    {
        var (created, errors) = await keys.CreateAsync(request.Name ?? "", request.Role ?? "", user.Identity?.Name ?? "unknown", ct);
        return created is null
            ? TypedResults.ValidationProblem(errors.ToValidationDictionary())
            : TypedResults.Created($"/api/admin/api-keys/{created.Key.Id}", new CreatedApiKeyView(ApiKeyView.Of(created.Key), created.Secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeApiKeyAsync(int id, ApiKeyService keys, CancellationToken ct) =>
        await keys.RevokeAsync(id, ct) ? TypedResults.NoContent() : TypedResults.Problem(statusCode: 404, detail: $"API key {id} does not exist.");
}
