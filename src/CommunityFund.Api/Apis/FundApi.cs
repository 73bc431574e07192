using System.Collections.Immutable;
using System.Security.Claims;
using CommunityFund.Api.Security;
using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>A donation to the community fund.</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Amount">The amount in CNY (for goods: their value).</param>
/// <param name="Donor">A pseudonymous donor reference.</param>
/// <param name="Channel">How the money came in (default bank).</param>
/// <param name="Restriction">The purpose the donor restricted it to, if any.</param>
/// <param name="InKind">For goods: what, and how valued.</param>
public sealed record DonationRequest(string Fund, LocalDate Date, Money Amount, string Donor, PaymentChannel Channel = PaymentChannel.Bank, string? Restriction = null, InKindGoods? InKind = null);

/// <summary>Validates <see cref="DonationRequest"/>.</summary>
public sealed class DonationValidator : AbstractValidator<DonationRequest>
{
    /// <summary>The rules.</summary>
    public DonationValidator()
    {
        RuleFor(x => x.Fund).Slug();
        RuleFor(x => x.Amount).PositiveCny();
        RuleFor(x => x.Donor).Text(128);
        RuleFor(x => x.Channel).IsInEnum();
        RuleFor(x => x.Restriction!).Text(128).When(x => x.Restriction is not null);
        RuleFor(x => x.InKind!).ChildRules(g =>
        {
            g.RuleFor(x => x.Description).Text(200);
            g.RuleFor(x => x.Basis).IsInEnum();
            g.RuleFor(x => x.Evidence).Text(200);
        }).When(x => x.InKind is not null);
    }
}

/// <summary>Self-financing income of the community fund.</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Source">charitySupermarketSale, caringParking, charityMarketBooth, charityMarketSale or spotDonation.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Amount">The money received.</param>
/// <param name="Channel">How it came in.</param>
/// <param name="GoodsCost">For sales of donated goods: their carrying value.</param>
/// <param name="Memo">A note.</param>
public sealed record SelfFinancingRequest(string Fund, SelfFinancingSource Source, LocalDate Date, Money Amount, PaymentChannel Channel, Money? GoodsCost = null, string? Memo = null);

/// <summary>Validates <see cref="SelfFinancingRequest"/>.</summary>
public sealed class SelfFinancingValidator : AbstractValidator<SelfFinancingRequest>
{
    /// <summary>The rules.</summary>
    public SelfFinancingValidator()
    {
        RuleFor(x => x.Fund).Slug();
        RuleFor(x => x.Source).IsInEnum();
        RuleFor(x => x.Amount).PositiveCny();
        RuleFor(x => x.Channel).IsInEnum();
        RuleFor(x => x.GoodsCost!.Value).PositiveCny().When(x => x.GoodsCost is not null).OverridePropertyName("goodsCost");
        RuleFor(x => x.Memo!).Text(200).When(x => x.Memo is not null);
    }
}

/// <summary>Donated goods given away free.</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Cost">The goods' carrying value, at most the donated goods held (1201.01).</param>
/// <param name="Purpose">What was given, to whom (pseudonymously) and why.</param>
/// <param name="Programme">The programme it is charged to (a slug; default the charity supermarket).</param>
public sealed record GoodsGiveawayRequest(string Fund, LocalDate Date, Money Cost, string Purpose, string? Programme = null);

/// <summary>Validates <see cref="GoodsGiveawayRequest"/>.</summary>
public sealed class GoodsGiveawayValidator : AbstractValidator<GoodsGiveawayRequest>
{
    /// <summary>The rules.</summary>
    public GoodsGiveawayValidator()
    {
        RuleFor(x => x.Fund).Slug();
        RuleFor(x => x.Cost).PositiveCny();
        RuleFor(x => x.Purpose).Text(500);
        RuleFor(x => x.Programme!).Slug().When(x => x.Programme is not null);
    }
}

/// <summary>A grant to a community project.</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Project">The project slug.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Amount">The amount, paid from the fund's account.</param>
/// <param name="Purpose">What it is for.</param>
/// <param name="Restriction">The restriction it is charged to, if any.</param>
public sealed record GrantRequest(string Fund, string Project, LocalDate Date, Money Amount, string Purpose, string? Restriction = null);

/// <summary>Validates <see cref="GrantRequest"/>.</summary>
public sealed class GrantValidator : AbstractValidator<GrantRequest>
{
    /// <summary>The rules.</summary>
    public GrantValidator()
    {
        RuleFor(x => x.Fund).Slug();
        RuleFor(x => x.Project).Slug();
        RuleFor(x => x.Amount).PositiveCny();
        RuleFor(x => x.Purpose).Text(500);
        RuleFor(x => x.Restriction!).Text(128).When(x => x.Restriction is not null);
    }
}

/// <summary>A gift held as agent for a named beneficiary, received or passed on.</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Movement">receive or passOn.</param>
/// <param name="Beneficiary">A pseudonymous beneficiary reference.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Amount">The amount in CNY.</param>
/// <param name="Memo">What it is.</param>
public sealed record AgencyGiftRequest(string Fund, AgencyMovement Movement, string Beneficiary, LocalDate Date, Money Amount, string Memo);

/// <summary>Validates <see cref="AgencyGiftRequest"/>.</summary>
public sealed class AgencyGiftValidator : AbstractValidator<AgencyGiftRequest>
{
    /// <summary>The rules.</summary>
    public AgencyGiftValidator()
    {
        RuleFor(x => x.Fund).Slug();
        RuleFor(x => x.Movement).IsInEnum();
        RuleFor(x => x.Beneficiary).Text(128);
        RuleFor(x => x.Amount).PositiveCny();
        RuleFor(x => x.Memo).Text(500);
    }
}

/// <summary>The community fund (社区基金): donations, self-financing, donated goods given away, grants against restrictions,
/// agency gifts.</summary>
public static class FundApi
{
    private const string Tag = "Community fund";

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapFund(this RouteGroupBuilder group)
    {
        group.MapPost("/fund/donations", DonateAsync).RequireAuthorization(Policies.Write).Validates<DonationRequest>().Idempotent()
            .WithName("ReceiveDonation").WithSummary("Records a donation: money (unrestricted or restricted to a purpose) or goods at voucher or fair value.").WithTags(Tag);
        group.MapPost("/fund/self-financing", SelfFinanceAsync).RequireAuthorization(Policies.Write).Validates<SelfFinancingRequest>().Idempotent()
            .WithName("RecordSelfFinancing").WithSummary("Records charity-supermarket and market sales, caring-parking and booth fees, spot donations.").WithTags(Tag);
        group.MapPost("/fund/giveaways", GiveAwayAsync).RequireAuthorization(Policies.Write).Validates<GoodsGiveawayRequest>().Idempotent()
            .WithName("GiveAwayGoods").WithSummary("Gives donated goods away free at their carrying value (Dr 5101.05 / Cr 1201.01); refused beyond the goods held.").WithTags(Tag);
        group.MapPost("/fund/grants", GrantAsync).RequireAuthorization(Policies.Write).Validates<GrantRequest>().Idempotent()
            .WithName("AwardGrant").WithSummary("Pays a grant to a community project; refused beyond the restriction's available balance, the account, or (unrestricted) the cash not held for restrictions or agency.").WithTags(Tag);
        group.MapPost("/fund/agency", AgencyAsync).RequireAuthorization(Policies.Write).Validates<AgencyGiftRequest>().Idempotent()
            .WithName("RecordAgencyGift").WithSummary("Receives or passes on a gift held as agent for a named beneficiary (1701/2601, never revenue).").WithTags(Tag);
        group.MapGet("/entities/{entityId}/restrictions", RestrictionsAsync).RequireAuthorization(Policies.Read)
            .WithName("Restrictions").WithSummary("Restricted net assets per restriction: received, spent, released, available ('asOf', optional).").WithTags(Tag);
        group.MapGet("/entities/{entityId}/agency", AgencyBalancesAsync).RequireAuthorization(Policies.Read)
            .WithName("AgencyBalances").WithSummary("What the fund holds as agent per beneficiary (held = owed).").WithTags(Tag);
        return group;
    }

    private static Task<Results<Created<JournalDto>, ProblemHttpResult>> DonateAsync(string ledgerId, DonationRequest request, HttpContext http, ClaimsPrincipal user, ILedgerStore store, FundBooks fund, CancellationToken ct) =>
        PostAsync(ledgerId, request.Fund, http, user, store, ct, (ledger, key) => fund.ReceiveDonationAsync(ledger,
            new DonationReceipt(EntityId.From(request.Fund), request.Date, request.Amount, request.Donor) { Channel = request.Channel, Restriction = request.Restriction, InKind = request.InKind }, key, ct));

    private static Task<Results<Created<JournalDto>, ProblemHttpResult>> SelfFinanceAsync(string ledgerId, SelfFinancingRequest request, HttpContext http, ClaimsPrincipal user, ILedgerStore store, FundBooks fund, CancellationToken ct) =>
        PostAsync(ledgerId, request.Fund, http, user, store, ct, (ledger, key) => fund.RecordSelfFinancingAsync(ledger,
            new SelfFinancingIncome(EntityId.From(request.Fund), request.Source, request.Date, request.Amount, request.Channel) { GoodsCost = request.GoodsCost, Memo = request.Memo }, key, ct));

    private static Task<Results<Created<JournalDto>, ProblemHttpResult>> GiveAwayAsync(string ledgerId, GoodsGiveawayRequest request, HttpContext http, ClaimsPrincipal user, ILedgerStore store, FundBooks fund, CancellationToken ct) =>
        PostAsync(ledgerId, request.Fund, http, user, store, ct, (ledger, key) => fund.GiveAwayGoodsAsync(ledger,
            new GoodsGiveaway(EntityId.From(request.Fund), request.Date, request.Cost, request.Purpose) { Programme = request.Programme }, key, ct));

    private static Task<Results<Created<JournalDto>, ProblemHttpResult>> GrantAsync(string ledgerId, GrantRequest request, HttpContext http, ClaimsPrincipal user, ILedgerStore store, FundBooks fund, CancellationToken ct) =>
        PostAsync(ledgerId, request.Fund, http, user, store, ct, (ledger, key) => fund.AwardGrantAsync(ledger,
            new GrantAward(EntityId.From(request.Fund), request.Project, request.Date, request.Amount, request.Purpose) { Restriction = request.Restriction }, key, ct));

    private static Task<Results<Created<JournalDto>, ProblemHttpResult>> AgencyAsync(string ledgerId, AgencyGiftRequest request, HttpContext http, ClaimsPrincipal user, ILedgerStore store, FundBooks fund, CancellationToken ct) =>
        PostAsync(ledgerId, request.Fund, http, user, store, ct, (ledger, key) => fund.RecordAgencyGiftAsync(ledger,
            new AgencyGift(EntityId.From(request.Fund), request.Movement, request.Beneficiary, request.Date, request.Amount, request.Memo), key, ct));

    private static async Task<Results<Ok<ImmutableArray<RestrictionBalance>>, ProblemHttpResult>> RestrictionsAsync(string ledgerId, string entityId, string? asOf, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        if (ReportsApi.Entity(scope, entityId) is { } denied)
        {
            return denied;
        }

        return ReportsApi.TryDate(asOf, out var date)
            ? TypedResults.Ok(await RestrictionBalances.ComputeAsync(store, scope.Id, EntityId.From(entityId), date, ct))
            : ReportsApi.BadDate();
    }

    private static async Task<Results<Ok<ImmutableArray<AgencyBalance>>, ProblemHttpResult>> AgencyBalancesAsync(string ledgerId, string entityId, ClaimsPrincipal user, ILedgerStore store, FundBooks fund, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        return ReportsApi.Entity(scope, entityId) is { } denied ? denied : TypedResults.Ok(await fund.AgencyAsync(scope.Id, EntityId.From(entityId), ct));
    }

    private static async Task<Results<Created<JournalDto>, ProblemHttpResult>> PostAsync(
        string ledgerId, string fund, HttpContext http, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct,
        Func<LedgerId, string?, Task<CommandResult<Ledger.Journal>>> command)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        if (scope.DenyWrite(fund) is { } denied)
        {
            return denied;
        }

        var result = await command(scope.Id, http.Request.Headers[IdempotencyFilter.Header]);
        return result.Succeeded
            ? TypedResults.Created($"/ledgers/{ledgerId}/journals/{result.Value!.Id}", JournalDto.From(result.Value))
            : ApiProblems.FromErrors(result.Errors);
    }
}
