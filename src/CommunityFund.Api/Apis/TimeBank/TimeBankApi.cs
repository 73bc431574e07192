using CommunityFund.Api.Security;
using CommunityFund.Community;
using CommunityFund.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>The time bank (时间银行) and the points system (积分制).</summary>
public static class TimeBankApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapTimeBank(this RouteGroupBuilder group)
    {
        group.MapPost("/memo-transfers", TransferAsync).RequireAuthorization(Policies.Write).Validates<MemoTransferRequest>().Idempotent().InLedger()
            .WithName("MemoTransfer").WithSummary("Awards, redeems, donates or transfers time-bank hours (HOUR, capped at 1,500 per member) or points (POINT).").WithTags("Time bank and points");
        group.MapGet("/entities/{entityId}/members/{member}/balance", BalanceAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("MemberBalance").WithSummary("A member's hours and points held with an entity.").WithTags("Time bank and points");
        return group;
    }

    private static async Task<Results<Created<JournalDto>, ProblemHttpResult>> TransferAsync(MemoTransferRequest request, LedgerScope scope, TimeBank bank)
    {
        if (scope.DenyWrite(request.Entity) is { } denied)
        {
            return denied;
        }

        var rules = request.Amount.Currency == Currency.HOUR ? MemoUnitRules.TimeBank : MemoUnitRules.Points;
        var result = scope.Answered(await bank.TransferAsync(scope.Id, request.ToCore(), rules, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded
            ? TypedResults.Created($"/ledgers/{scope.Id}/journals/{result.Journals[0].Id}", JournalDto.FromCore(result.Journals[0]))
            : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<MemberBalanceDto>, ProblemHttpResult>> BalanceAsync(string entityId, string member, LedgerScope scope, TimeBank bank)
    {
        if (scope.DenyEntity(entityId) is { } refused)
        {
            return refused;
        }

        var entity = EntityId.From(entityId);
        return TypedResults.Ok(new MemberBalanceDto(member,
            await bank.BalanceAsync(scope.Id, entity, Currency.HOUR, member, scope.RequestAborted),
            await bank.BalanceAsync(scope.Id, entity, Currency.POINT, member, scope.RequestAborted)));
    }
}
