using CommunityFund.Api.Security;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>Distribution policies: the versioned 70/25/5 shares of a sale's base.</summary>
public static class PoliciesApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapPolicies(this RouteGroupBuilder group)
    {
        group.MapGet("/policies", ListAsync).RequireAuthorization(Policies.Read).InLedger().WithName("ListPolicies").WithSummary("Every distribution policy version.").WithTags("Policies");
        group.MapPost("/policies", AddAsync).RequireAuthorization(Policies.Admin).Validates<PolicyRequest>().Idempotent().InLedger()
            .WithName("AddPolicy").WithSummary("Adds a distribution policy version; shares must sum to 10,000 basis points (hub administrator).").WithTags("Policies");
        return group;
    }

    private static async Task<Ok<List<DistributionPolicyDto>>> ListAsync(LedgerScope scope, CommunityEconomy economy) =>
        TypedResults.Ok((await economy.Records.GetPoliciesAsync(scope.Id, scope.RequestAborted)).Select(DistributionPolicyDto.FromCore).ToList());

    private static async Task<Results<Created<DistributionPolicyDto>, ProblemHttpResult>> AddAsync(PolicyRequest request, LedgerScope scope, CommunityEconomy economy)
    {
        var result = scope.Answered(await economy.AddPolicyAsync(scope.Id, request.ToCore(), scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded ? TypedResults.Created($"/ledgers/{scope.Id}/policies", DistributionPolicyDto.FromCore(result.Value!)) : ApiProblems.FromErrors(result.Errors);
    }
}
