using System.Collections.Immutable;
using CommunityFund.Api.Security;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>Service packages: their versions, tiers and prices.</summary>
public static class PackagesApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapPackages(this RouteGroupBuilder group)
    {
        group.MapGet("/packages", ListAsync).RequireAuthorization(Policies.Read).InLedger().WithName("ListPackages").WithSummary("The current version of every service package.").WithTags("Packages");
        group.MapPost("/packages", PublishAsync).RequireAuthorization(Policies.Write).Validates<PackageRequest>().Idempotent().InLedger()
            .WithName("PublishPackage").WithSummary("Publishes a package or a new version of it (hub administrator, or the provider for its own).").WithTags("Packages");
        return group;
    }

    private static async Task<Ok<List<ServicePackageDto>>> ListAsync(LedgerScope scope, CommunityEconomy economy) =>
        TypedResults.Ok((await economy.Records.ListPackagesAsync(scope.Id, null, scope.RequestAborted)).Select(ServicePackageDto.FromCore).ToList());

    private static async Task<Results<Created<ServicePackageDto>, ProblemHttpResult>> PublishAsync(PackageRequest request, LedgerScope scope, CommunityEconomy economy)
    {
        if (scope.DenyWrite(request.Provider) is { } denied)
        {
            return denied;
        }

        var package = new ServicePackage(request.Id, EntityId.From(request.Provider), 1, request.NameZh, request.NameEn, request.Sessions, request.Hours,
            request.Tiers.ToImmutableSortedDictionary(t => t.Key.ToCore(), t => new TierPrice(t.Value.Price, t.Value.Cap)), request.EffectiveFrom)
        {
            SessionsDeliveredAtSale = request.SessionsDeliveredAtSale,
        };
        var result = scope.Answered(await economy.PublishPackageAsync(scope.Id, package, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded ? TypedResults.Created($"/ledgers/{scope.Id}/packages", ServicePackageDto.FromCore(result.Value!)) : ApiProblems.FromErrors(result.Errors);
    }
}
