using CommunityFund.Api.Security;
using CommunityFund.Community;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>Donated services (服务捐赠) under the revised 民非 system (ADR 0021).</summary>
public static class DonatedServicesApi
{
    /// <summary>Maps the endpoint.</summary>
    public static RouteGroupBuilder MapDonatedServices(this RouteGroupBuilder group)
    {
        group.MapPost("/entities/{entityId}/donated-services", RecordAsync).RequireAuthorization(Policies.Write).Validates<DonatedServiceRequest>().Idempotent().InLedger()
            .WithName("RecordDonatedService")
            .WithSummary("Records volunteer hours a 民非 entity received as a donated service: always in the memo ledger, and recognised at the amount of the donor's voucher when that amount reflects the fair value (revised chart, from 2026-01-01).")
            .WithTags("Time bank and points");
        return group;
    }

    private static async Task<Results<Created<DonatedServiceDto>, ProblemHttpResult>> RecordAsync(string entityId, DonatedServiceRequest request, LedgerScope scope, DonatedServices services)
    {
        if (scope.DenyWrite(entityId) is { } denied)
        {
            return denied;
        }

        var service = request.ToCore(entityId);
        var result = scope.Answered(await services.RecordAsync(scope.Id, service, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded
            ? TypedResults.Created($"/ledgers/{scope.Id}/journals/{result.Journals[0].Id}", DonatedServiceDto.From(service, result.Journals))
            : ApiProblems.FromErrors(result.Errors);
    }
}
