using CommunityFund.Api.Security;
using CommunityFund.Community;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>The community fund (社区基金): donations, self-financing, donated goods given away, grants against restrictions,
/// agency gifts.</summary>
public static class FundApi
{
    private const string Tag = "Community fund";

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapFund(this RouteGroupBuilder group)
    {
        group.MapPost("/fund/donations", DonateAsync).RequireAuthorization(Policies.Write).Validates<DonationRequest>().Idempotent().InLedger()
            .WithName("ReceiveDonation").WithSummary("Records a donation: money (unrestricted or restricted to a purpose) or goods at voucher or fair value.").WithTags(Tag);
        group.MapPost("/fund/self-financing", SelfFinanceAsync).RequireAuthorization(Policies.Write).Validates<SelfFinancingRequest>().Idempotent().InLedger()
            .WithName("RecordSelfFinancing").WithSummary("Records charity-supermarket and market sales, caring-parking and booth fees, spot donations.").WithTags(Tag);
        group.MapPost("/fund/giveaways", GiveAwayAsync).RequireAuthorization(Policies.Write).Validates<GoodsGiveawayRequest>().Idempotent().InLedger()
            .WithName("GiveAwayGoods").WithSummary("Gives donated goods away free at their carrying value (Dr 5101.05 / Cr 1201.01); refused beyond the goods held.").WithTags(Tag);
        group.MapPost("/fund/grants", GrantAsync).RequireAuthorization(Policies.Write).Validates<GrantRequest>().Idempotent().InLedger()
            .WithName("AwardGrant").WithSummary("Pays a grant to a community project; refused beyond the restriction's available balance, the account, or (unrestricted) the cash not held for restrictions or agency.").WithTags(Tag);
        group.MapPost("/fund/agency", AgencyAsync).RequireAuthorization(Policies.Write).Validates<AgencyGiftRequest>().Idempotent().InLedger()
            .WithName("RecordAgencyGift").WithSummary("Receives or passes on a gift held as agent for a named beneficiary (1701/2601, never revenue).").WithTags(Tag);
        group.MapGet("/entities/{entityId}/restrictions", RestrictionsAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("Restrictions").WithSummary("Restricted net assets per restriction: received, spent, released, available ('asOf', optional).").WithTags(Tag);
        group.MapGet("/entities/{entityId}/agency", AgencyBalancesAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("AgencyBalances").WithSummary("What the fund holds as agent per beneficiary (held = owed).").WithTags(Tag);
        return group;
    }

    private static Task<Results<Created<JournalDto>, ProblemHttpResult>> DonateAsync(DonationRequest request, LedgerScope scope, FundBooks fund) =>
        PostAsync(request.Fund, scope, () => fund.ReceiveDonationAsync(scope.Id, request.ToCore(), scope.IdempotencyKey, scope.RequestAborted));

    private static Task<Results<Created<JournalDto>, ProblemHttpResult>> SelfFinanceAsync(SelfFinancingRequest request, LedgerScope scope, FundBooks fund) =>
        PostAsync(request.Fund, scope, () => fund.RecordSelfFinancingAsync(scope.Id, request.ToCore(), scope.IdempotencyKey, scope.RequestAborted));

    private static Task<Results<Created<JournalDto>, ProblemHttpResult>> GiveAwayAsync(GoodsGiveawayRequest request, LedgerScope scope, FundBooks fund) =>
        PostAsync(request.Fund, scope, () => fund.GiveAwayGoodsAsync(scope.Id, request.ToCore(), scope.IdempotencyKey, scope.RequestAborted));

    private static Task<Results<Created<JournalDto>, ProblemHttpResult>> GrantAsync(GrantRequest request, LedgerScope scope, FundBooks fund) =>
        PostAsync(request.Fund, scope, () => fund.AwardGrantAsync(scope.Id, request.ToCore(), scope.IdempotencyKey, scope.RequestAborted));

    private static Task<Results<Created<JournalDto>, ProblemHttpResult>> AgencyAsync(AgencyGiftRequest request, LedgerScope scope, FundBooks fund) =>
        PostAsync(request.Fund, scope, () => fund.RecordAgencyGiftAsync(scope.Id, request.ToCore(), scope.IdempotencyKey, scope.RequestAborted));

    private static async Task<Results<Ok<List<RestrictionBalanceDto>>, ProblemHttpResult>> RestrictionsAsync(string entityId, string? asOf, LedgerScope scope)
    {
        if (scope.DenyEntity(entityId) is { } denied)
        {
            return denied;
        }

        return QueryValues.TryDate(asOf, out var date)
            ? TypedResults.Ok((await RestrictionBalances.ComputeAsync(scope.Store, scope.Id, EntityId.From(entityId), date, scope.RequestAborted)).Select(RestrictionBalanceDto.FromCore).ToList())
            : QueryValues.BadDate();
    }

    private static async Task<Results<Ok<List<AgencyBalanceDto>>, ProblemHttpResult>> AgencyBalancesAsync(string entityId, LedgerScope scope, FundBooks fund) =>
        scope.DenyEntity(entityId) is { } denied
            ? denied
            : TypedResults.Ok((await fund.AgencyAsync(scope.Id, EntityId.From(entityId), scope.RequestAborted)).Select(AgencyBalanceDto.FromCore).ToList());

    /// <summary>Runs a command of the fund for the fund entity the caller may act for, and answers the journal it posted.</summary>
    private static async Task<Results<Created<JournalDto>, ProblemHttpResult>> PostAsync(string fund, LedgerScope scope, Func<Task<CommandResult<Journal>>> command)
    {
        if (scope.DenyWrite(fund) is { } denied)
        {
            return denied;
        }

        var result = scope.Answered(await command());
        return result.Succeeded
            ? TypedResults.Created($"/ledgers/{scope.Id}/journals/{result.Value!.Id}", JournalDto.FromCore(result.Value))
            : ApiProblems.FromErrors(result.Errors);
    }
}
