using System.Security.Claims;
using CommunityFund.Api.Security;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>API keys of the ledger: created by the hub administrator, shown once, stored as hashes, revocable.</summary>
public static class KeysApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapKeys(this RouteGroupBuilder group)
    {
        group.MapGet("/api-keys", ListAsync).RequireAuthorization(Policies.Admin).WithName("ListApiKeys").WithSummary("The ledger's keys (never their secrets).").WithTags("API keys");
        group.MapPost("/api-keys", CreateAsync).RequireAuthorization(Policies.Admin).Validates<CreateKeyRequest>().Idempotent()
            .WithName("CreateApiKey").WithSummary("Creates a key bound to this ledger and one role; the key is shown only in this response.").WithTags("API keys");
        group.MapPost("/api-keys/{keyId}/revoke", RevokeAsync).RequireAuthorization(Policies.Admin).Idempotent()
            .WithName("RevokeApiKey").WithSummary("Revokes a key; it stops working at once.").WithTags("API keys");
        return group;
    }

    private static async Task<Results<Ok<List<ApiKeyDto>>, ProblemHttpResult>> ListAsync(string ledgerId, ClaimsPrincipal user, ILedgerStore store, ApiKeys keys, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        return scope is null ? problem! : TypedResults.Ok((await keys.ListAsync(scope.Id, ct)).Select(ToDto).ToList());
    }

    private static async Task<Results<Created<CreatedKeyDto>, ProblemHttpResult>> CreateAsync(string ledgerId, CreateKeyRequest request, ClaimsPrincipal user, ILedgerStore store, ApiKeys keys, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        EntityId? entity = null;
        if (request.Entity is not null)
        {
            if (!EntityId.TryFrom(request.Entity, out var id) || scope.State.Definition.FindEntity(id) is not { Kind: EntityKind.Provider })
            {
                return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "entity.not_found", $"'{request.Entity}' is not a provider of this ledger.");
            }

            entity = id;
        }

        var (record, key) = await keys.CreateAsync(scope.Id, request.Role, entity, request.Name, ct);
        return TypedResults.Created($"/ledgers/{ledgerId}/api-keys",
            new CreatedKeyDto(record.Id, key, record.Role, record.Entity, "Store this key now: it is not shown again and only its hash is kept."));
    }

    private static async Task<Results<Ok<ApiKeyDto>, ProblemHttpResult>> RevokeAsync(string ledgerId, string keyId, ClaimsPrincipal user, ILedgerStore store, ApiKeys keys, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var revoked = await keys.RevokeAsync(scope.Id, keyId, ct);
        return revoked is null ? ApiProblems.NotFound("api_key.not_found", $"No key '{keyId}' in this ledger.") : TypedResults.Ok(ToDto(revoked));
    }

    private static ApiKeyDto ToDto(ApiKeyRecord r) => new(r.Id, r.Name, r.Role, r.Entity, r.CreatedAt, r.RevokedAt);
}
