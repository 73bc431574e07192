using CommunityFund.Api.Security;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>Settlement statements: prepare (owed) → invoice → settle.</summary>
public static class SettlementsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapSettlements(this RouteGroupBuilder group)
    {
        group.MapPost("/statements", PrepareAsync).RequireAuthorization(Policies.Admin).Validates<PrepareStatementRequest>().Idempotent().InLedger()
            .WithName("PrepareStatement").WithSummary("Prepares what a provider owes its hub or community fund for a month (status owed).").WithTags("Settlements");
        group.MapGet("/statements", ListAsync).RequireAuthorization(Policies.Read).InLedger().WithName("ListStatements").WithSummary("Statements (a provider sees its own).").WithTags("Settlements");
        group.MapGet("/statements/{statementId}", GetAsync).RequireAuthorization(Policies.Read).InLedger().WithName("GetStatement").WithSummary("One statement with its items.").WithTags("Settlements");
        group.MapPost("/statements/{statementId}/invoice", InvoiceAsync).RequireAuthorization(Policies.Admin).Validates<InvoiceRequest>().Idempotent().InLedger()
            .WithName("InvoiceStatement").WithSummary("Records the invoice or donation-receipt reference (owed → invoiced).").WithTags("Settlements");
        group.MapPost("/statements/{statementId}/settle", SettleAsync).RequireAuthorization(Policies.Admin).Validates<SettleRequest>().Idempotent().InLedger()
            .WithName("SettleStatement").WithSummary("Posts the payment (invoiced → settled); never above the open payable, never from a bank that does not hold the money.").WithTags("Settlements");
        group.MapPost("/repayments", RepayAsync).RequireAuthorization(Policies.Admin).Validates<RepaymentRequest>().Idempotent().InLedger()
            .WithName("Repay").WithSummary("The hub or the fund pays back to a provider the shares it owes after refunds that no statement has netted.").WithTags("Settlements");
        group.MapPost("/clearings", ClearAsync).RequireAuthorization(Policies.Write).Validates<ClearingApiRequest>().Idempotent().InLedger()
            .WithName("Clear").WithSummary("Money in transit with WeChat Pay or Alipay reaches the bank, less the channel's fee (手续费).").WithTags("Settlements");
        return group;
    }

    private static async Task<Results<Created<StatementDto>, ProblemHttpResult>> PrepareAsync(PrepareStatementRequest request, LedgerScope scope, CommunityEconomy economy)
    {
        var period = new YearMonth(int.Parse(request.Period[..4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(request.Period[5..], System.Globalization.CultureInfo.InvariantCulture));
        var result = scope.Answered(await economy.PrepareStatementAsync(scope.Id, EntityId.From(request.Provider), EntityId.From(request.Counterparty), period, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded ? TypedResults.Created($"/ledgers/{scope.Id}/statements/{result.Value!.Id}", StatementDto.FromCore(result.Value)) : ApiProblems.FromErrors(result.Errors);
    }

    /// <summary>Statements a page at a time (<see cref="ListPage"/>: <c>limit</c>, <c>after</c> a statement id).</summary>
    private static async Task<Results<Ok<List<StatementDto>>, ProblemHttpResult>> ListAsync(int? limit, string? after, LedgerScope scope, CommunityEconomy economy, HttpContext http)
    {
        if (ListPage.BadLimit(limit) is { } refused)
        {
            return refused;
        }

        EntityId? owner = scope.Caller.Role == ApiRole.Provider ? EntityId.From(scope.Caller.Entity!) : null;
        var statements = await economy.Records.ListStatementsAsync(scope.Id, owner, scope.RequestAborted);
        return TypedResults.Ok(ListPage.Of(statements, limit, after, s => s.Id, http).Select(StatementDto.FromCore).ToList());
    }

    private static async Task<Results<Ok<StatementDto>, ProblemHttpResult>> GetAsync(string statementId, LedgerScope scope, CommunityEconomy economy)
    {
        var statement = await economy.Records.GetStatementAsync(scope.Id, statementId, scope.RequestAborted);
        return statement is null || !scope.Caller.MayRead(statement.Provider.Value)
            ? ApiProblems.NotFound(EconomyErrorCodes.StatementNotFound, $"No statement '{statementId}' for this key.")
            : TypedResults.Ok(StatementDto.FromCore(statement));
    }

    private static async Task<Results<Ok<StatementDto>, ProblemHttpResult>> InvoiceAsync(string statementId, InvoiceRequest request, LedgerScope scope, CommunityEconomy economy)
    {
        var result = scope.Answered(await economy.MarkInvoicedAsync(scope.Id, statementId, request.Reference, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded ? TypedResults.Ok(StatementDto.FromCore(result.Value!)) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<StatementDto>, ProblemHttpResult>> SettleAsync(string statementId, SettleRequest request, LedgerScope scope, CommunityEconomy economy)
    {
        var result = scope.Answered(await economy.SettleAsync(scope.Id, statementId, request.Date, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded && result.Value is { } statement ? TypedResults.Ok(StatementDto.FromCore(statement)) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Created<StatementDto>, ProblemHttpResult>> RepayAsync(RepaymentRequest request, LedgerScope scope, CommunityEconomy economy)
    {
        var result = scope.Answered(await economy.RepayAsync(scope.Id, EntityId.From(request.Provider), EntityId.From(request.Counterparty), request.Date, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded && result.Value is { } repayment
            ? TypedResults.Created($"/ledgers/{scope.Id}/statements/{repayment.Id}", StatementDto.FromCore(repayment))
            : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Created<JournalDto>, ProblemHttpResult>> ClearAsync(ClearingApiRequest request, LedgerScope scope, CommunityEconomy economy)
    {
        if (scope.DenyWrite(request.Entity) is { } denied)
        {
            return denied;
        }

        var clearing = new ClearingRequest(EntityId.From(request.Entity), request.Channel.ToCore(), request.Date, request.Amount, request.Fee ?? Money.Zero(Currency.CNY));
        var result = scope.Answered(await economy.ClearAsync(scope.Id, clearing, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded && result.Value is { } journal
            ? TypedResults.Created($"/ledgers/{scope.Id}/journals/{journal.Sequence}", JournalDto.FromCore(journal))
            : ApiProblems.FromErrors(result.Errors);
    }
}
