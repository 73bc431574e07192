using System.Security.Claims;
using CommunityFund.Api.Security;
using CommunityFund.Community;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>A transfer of time-bank hours or points.</summary>
/// <param name="Entity">The entity keeping the time bank or points books.</param>
/// <param name="Kind">award, redeem, donate or transfer.</param>
/// <param name="Amount">The amount in HOUR (time bank) or POINT (points).</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Memo">What for.</param>
/// <param name="From">The giving member (redeem, donate, transfer).</param>
/// <param name="To">The receiving member (award, transfer).</param>
public sealed record MemoTransferRequest(string Entity, MemoTransferKind Kind, Money Amount, LocalDate Date, string Memo, string? From = null, string? To = null);

/// <summary>Validates <see cref="MemoTransferRequest"/>.</summary>
public sealed class MemoTransferValidator : AbstractValidator<MemoTransferRequest>
{
    /// <summary>The rules.</summary>
    public MemoTransferValidator()
    {
        RuleFor(x => x.Entity).Slug();
        RuleFor(x => x.Kind).IsInEnum();
        RuleFor(x => x.Amount).Must(m => m.HasCurrency && m.IsPositive && (m.Currency == Currency.HOUR || m.Currency == Currency.POINT))
            .WithMessage("'amount' is a positive HOUR or POINT amount.");
        RuleFor(x => x.Memo).Text(500);
        RuleFor(x => x.From!).Text(128).When(x => x.From is not null);
        RuleFor(x => x.To!).Text(128).When(x => x.To is not null);
    }
}

/// <summary>The time bank (时间银行) and the points system (积分制).</summary>
public static class TimeBankApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapTimeBank(this RouteGroupBuilder group)
    {
        group.MapPost("/memo-transfers", TransferAsync).RequireAuthorization(Policies.Write).Validates<MemoTransferRequest>().Idempotent()
            .WithName("MemoTransfer").WithSummary("Awards, redeems, donates or transfers time-bank hours (HOUR, capped at 1,500 per member) or points (POINT).").WithTags("Time bank and points");
        group.MapGet("/entities/{entityId}/members/{member}/balance", BalanceAsync).RequireAuthorization(Policies.Read)
            .WithName("MemberBalance").WithSummary("A member's hours and points held with an entity.").WithTags("Time bank and points");
        return group;
    }

    private static async Task<Results<Created<JournalDto>, ProblemHttpResult>> TransferAsync(
        string ledgerId, MemoTransferRequest request, HttpContext http, ClaimsPrincipal user, ILedgerStore store, TimeBank bank, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        if (scope.DenyWrite(request.Entity) is { } denied)
        {
            return denied;
        }

        var rules = request.Amount.Currency == Currency.HOUR ? MemoUnitRules.TimeBank : MemoUnitRules.Points;
        var transfer = new MemoTransfer(EntityId.From(request.Entity), request.Kind, request.Amount, request.Date, request.Memo) { From = request.From, To = request.To };
        var result = await bank.TransferAsync(scope.Id, transfer, rules, http.Request.Headers[IdempotencyFilter.Header], ct);
        return result.Succeeded
            ? TypedResults.Created($"/ledgers/{ledgerId}/journals/{result.Journals[0].Id}", JournalDto.From(result.Journals[0]))
            : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<MemberBalanceDto>, ProblemHttpResult>> BalanceAsync(string ledgerId, string entityId, string member, ClaimsPrincipal user, ILedgerStore store, TimeBank bank, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        if (!EntityId.TryFrom(entityId, out var entity) || scope.State.Definition.FindEntity(entity) is null)
        {
            return ApiProblems.NotFound("entity.not_found", $"No entity '{entityId}' in this ledger.");
        }

        if (scope.DenyRead(entityId) is { } denied)
        {
            return denied;
        }

        return TypedResults.Ok(new MemberBalanceDto(member,
            await bank.BalanceAsync(scope.Id, entity, Currency.HOUR, member, ct),
            await bank.BalanceAsync(scope.Id, entity, Currency.POINT, member, ct)));
    }
}

/// <summary>A member's holdings.</summary>
/// <param name="Member">The member reference.</param>
/// <param name="Hours">Time-bank hours.</param>
/// <param name="Points">Points.</param>
public sealed record MemberBalanceDto(string Member, Money Hours, Money Points);
