using CommunityFund.Api.Security;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>API keys of the ledger: created by the hub administrator, shown once, stored as hashes, revocable.</summary>
public static class KeysApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapKeys(this RouteGroupBuilder group)
    {
        group.MapGet("/api-keys", ListAsync).RequireAuthorization(Policies.Admin).InLedger().WithName("ListApiKeys").WithSummary("The ledger's keys (never their secrets).").WithTags("API keys");
        group.MapPost("/api-keys", CreateAsync).RequireAuthorization(Policies.Admin).Validates<CreateKeyRequest>().Idempotent().InLedger()
            .WithName("CreateApiKey").WithSummary("Creates a key bound to this ledger and one role; the key is shown only in this response.").WithTags("API keys");
        group.MapPost("/api-keys/{keyId}/revoke", RevokeAsync).RequireAuthorization(Policies.Admin).Idempotent().InLedger()
            .WithName("RevokeApiKey").WithSummary("Revokes a key; it stops working at once.").WithTags("API keys");
        return group;
    }

    private static async Task<Ok<List<ApiKeyDto>>> ListAsync(LedgerScope scope, ApiKeys keys) =>
        TypedResults.Ok((await keys.ListAsync(scope.Id, scope.RequestAborted)).Select(ApiKeyDto.FromCore).ToList());

    private static async Task<Results<Created<CreatedKeyDto>, ProblemHttpResult>> CreateAsync(CreateKeyRequest request, LedgerScope scope, ApiKeys keys)
    {
        EntityId? entity = null;
        if (request.Entity is not null)
        {
            if (!EntityId.TryFrom(request.Entity, out var id) || scope.State.Definition.FindEntity(id) is not { Kind: Ledger.EntityKind.Provider })
            {
                return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ErrorCodes.EntityNotFound, $"'{request.Entity}' is not a provider of this ledger.");
            }

            entity = id;
        }

        var (result, key) = await keys.CreateAsync(scope.Id, request.Role, entity, request.Name, scope.IdempotencyKey, scope.RequestAborted);
        if (scope.Answered(result).Value is not { } record)
        {
            return ApiProblems.FromErrors(result.Errors);
        }

        // The secret is shown once: a replay answers the key without it.
        return TypedResults.Created($"/ledgers/{scope.Id}/api-keys", key is null
            ? new CreatedKeyDto(record.Id, "(not shown again)", record.Role, record.Entity, "This key was shown once, when it was created; only its hash is kept.")
            : new CreatedKeyDto(record.Id, key, record.Role, record.Entity, "Store this key now: it is not shown again and only its hash is kept."));
    }

    private static async Task<Results<Ok<ApiKeyDto>, ProblemHttpResult>> RevokeAsync(string keyId, LedgerScope scope, ApiKeys keys)
    {
        var result = scope.Answered(await keys.RevokeAsync(scope.Id, keyId, scope.IdempotencyKey, scope.RequestAborted));
        return result.Value is { } revoked ? TypedResults.Ok(ApiKeyDto.FromCore(revoked)) : ApiProblems.FromErrors(result.Errors);
    }
}
