using System.Security.Claims;
using CommunityFund.Api.Security;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>Settlement statements: prepare (owed) → invoice → settle.</summary>
public static class SettlementsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapSettlements(this RouteGroupBuilder group)
    {
        group.MapPost("/statements", PrepareAsync).RequireAuthorization(Policies.Admin).Validates<PrepareStatementRequest>().Idempotent()
            .WithName("PrepareStatement").WithSummary("Prepares what a provider owes its hub or community fund for a month (status owed).").WithTags("Settlements");
        group.MapGet("/statements", ListAsync).RequireAuthorization(Policies.Read).WithName("ListStatements").WithSummary("Statements (a provider sees its own).").WithTags("Settlements");
        group.MapGet("/statements/{statementId}", GetAsync).RequireAuthorization(Policies.Read).WithName("GetStatement").WithSummary("One statement with its items.").WithTags("Settlements");
        group.MapPost("/statements/{statementId}/invoice", InvoiceAsync).RequireAuthorization(Policies.Admin).Validates<InvoiceRequest>().Idempotent()
            .WithName("InvoiceStatement").WithSummary("Records the invoice or donation-receipt reference (owed → invoiced).").WithTags("Settlements");
        group.MapPost("/statements/{statementId}/settle", SettleAsync).RequireAuthorization(Policies.Admin).Validates<SettleRequest>().Idempotent()
            .WithName("SettleStatement").WithSummary("Posts the payment (invoiced → settled); never above the open payable, never from a bank that does not hold the money.").WithTags("Settlements");
        group.MapPost("/repayments", RepayAsync).RequireAuthorization(Policies.Admin).Validates<RepaymentRequest>().Idempotent()
            .WithName("Repay").WithSummary("The hub or the fund pays back to a provider the shares it owes after refunds that no statement has netted.").WithTags("Settlements");
        group.MapPost("/clearings", ClearAsync).RequireAuthorization(Policies.Write).Validates<ClearingApiRequest>().Idempotent()
            .WithName("Clear").WithSummary("Money in transit with WeChat Pay or Alipay reaches the bank, less the channel's fee (手续费).").WithTags("Settlements");
        return group;
    }

    private static async Task<Results<Created<StatementDto>, ProblemHttpResult>> PrepareAsync(string ledgerId, PrepareStatementRequest request, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var period = new YearMonth(int.Parse(request.Period[..4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(request.Period[5..], System.Globalization.CultureInfo.InvariantCulture));
        var result = await economy.PrepareStatementAsync(scope.Id, EntityId.From(request.Provider), EntityId.From(request.Counterparty), period, cancellationToken: ct);
        return result.Succeeded ? TypedResults.Created($"/ledgers/{ledgerId}/statements/{result.Value!.Id}", StatementDto.From(result.Value)) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<List<StatementDto>>, ProblemHttpResult>> ListAsync(string ledgerId, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        EntityId? owner = scope.Caller.Role == ApiRole.Provider ? EntityId.From(scope.Caller.Entity!) : null;
        return TypedResults.Ok((await economy.Records.ListStatementsAsync(scope.Id, owner, ct)).Select(StatementDto.From).ToList());
    }

    private static async Task<Results<Ok<StatementDto>, ProblemHttpResult>> GetAsync(string ledgerId, string statementId, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var statement = await economy.Records.GetStatementAsync(scope.Id, statementId, ct);
        return statement is null || !scope.Caller.MayRead(statement.Provider.Value)
            ? ApiProblems.NotFound("settlement.not_found", $"No statement '{statementId}' for this key.")
            : TypedResults.Ok(StatementDto.From(statement));
    }

    private static async Task<Results<Ok<StatementDto>, ProblemHttpResult>> InvoiceAsync(string ledgerId, string statementId, InvoiceRequest request, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var result = await economy.MarkInvoicedAsync(scope.Id, statementId, request.Reference, cancellationToken: ct);
        return result.Succeeded ? TypedResults.Ok(StatementDto.From(result.Value!)) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<StatementDto>, ProblemHttpResult>> SettleAsync(string ledgerId, string statementId, SettleRequest request, HttpContext http, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var result = await economy.SettleAsync(scope.Id, statementId, request.Date, http.Request.Headers[IdempotencyFilter.Header], ct);
        return result.Succeeded && result.Value is { } statement ? TypedResults.Ok(StatementDto.From(statement)) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Created<StatementDto>, ProblemHttpResult>> RepayAsync(string ledgerId, RepaymentRequest request, HttpContext http, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var result = await economy.RepayAsync(scope.Id, EntityId.From(request.Provider), EntityId.From(request.Counterparty), request.Date, http.Request.Headers[IdempotencyFilter.Header], ct);
        return result.Succeeded && result.Value is { } repayment
            ? TypedResults.Created($"/ledgers/{ledgerId}/statements/{repayment.Id}", StatementDto.From(repayment))
            : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Created<JournalDto>, ProblemHttpResult>> ClearAsync(string ledgerId, ClearingApiRequest request, HttpContext http, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
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

        var clearing = new ClearingRequest(EntityId.From(request.Entity), request.Channel, request.Date, request.Amount, request.Fee ?? Money.Zero(Currency.CNY));
        var result = await economy.ClearAsync(scope.Id, clearing, http.Request.Headers[IdempotencyFilter.Header], ct);
        return result.Succeeded && result.Value is { } journal
            ? TypedResults.Created($"/ledgers/{ledgerId}/journals/{journal.Sequence}", JournalDto.From(journal))
            : ApiProblems.FromErrors(result.Errors);
    }
}
