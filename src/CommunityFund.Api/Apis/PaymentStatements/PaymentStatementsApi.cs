using CommunityFund.Api.Imports;
using CommunityFund.Api.Imports.Statements;
using CommunityFund.Api.Security;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>The statements of the payment channels and banks (WeChat Pay and Alipay merchant bills, bank statements),
/// imported to be matched against the books; docs/reconciliation.md describes the formats.</summary>
public static class PaymentStatementsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapPaymentStatements(this RouteGroupBuilder group)
    {
        group.MapPost("/payment-statements", ImportAsync).RequireAuthorization(Policies.Admin).StreamsLargeBody().InLedger()
            .WithName("ImportPaymentStatement").WithTags("Reconciliation")
            .WithSummary("Imports a statement file as it was downloaded (channel=weChatPay: the merchant trade bill CSV; alipay: the trade bill CSV in GBK, or its zip; bank: a CSV read with the entity's saved mapping) for an entity's account. The file's own totals are checked; rows already imported (by the channel's transaction id) are not added again (hub administrator).");
        group.MapPut("/entities/{entityId}/bank-statement-mapping", SaveMappingAsync).RequireAuthorization(Policies.Admin).Validates<BankMappingDto>().InLedger()
            .WithName("SaveBankStatementMapping").WithTags("Reconciliation")
            .WithSummary("Saves where the entity's bank statements keep the date, amounts, counterparty, reference, memo and balance (hub administrator).");
        group.MapGet("/entities/{entityId}/bank-statement-mapping", GetMappingAsync).RequireAuthorization(Policies.Audit).InLedger()
            .WithName("GetBankStatementMapping").WithTags("Reconciliation").WithSummary("The entity's saved bank statement mapping.");
        return group;
    }

    private static async Task<Results<Ok<StatementImportDto>, ProblemHttpResult>> ImportAsync(
        string? channel, string? entity, HttpRequest request, LedgerScope scope, CommunityEconomy economy, BankMappings mappings)
    {
        if (!Enum.TryParse<PaymentChannel>(channel, ignoreCase: true, out var statementChannel) || int.TryParse(channel, out _) || statementChannel == PaymentChannel.Cash)
        {
            return Invalid("channel", "'channel' is weChatPay, alipay or bank.");
        }

        if (entity is null)
        {
            return Invalid("entity", "'entity' names the entity whose merchant or bank account the statement is of.");
        }

        if (scope.DenyEntity(entity) is { } missing)
        {
            return missing;
        }

        return await ImportFileAsync(statementChannel, entity, request, scope, economy, mappings);
    }

    private static ProblemHttpResult Invalid(string field, string message) =>
        ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed, message, new Dictionary<string, string[]> { [field] = [message] });

    private static async Task<Results<Ok<StatementImportDto>, ProblemHttpResult>> ImportFileAsync(
        PaymentChannel channel, string entity, HttpRequest request, LedgerScope scope, CommunityEconomy economy, BankMappings mappings)
    {

        var id = EntityId.From(entity);
        var mapping = channel == PaymentChannel.Bank ? await mappings.FindAsync(scope.Id, id, scope.RequestAborted) : null;
        if (channel == PaymentChannel.Bank && mapping is null)
        {
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, StatementErrorCodes.MappingMissing,
                $"'{entity}' has no saved bank statement mapping: PUT /ledgers/{scope.Id}/entities/{entity}/bank-statement-mapping first.");
        }

        var file = await StatementFiles.ReadAsync(request.Body, channel.ToCore(), id, mapping, scope.RequestAborted);
        if (file.IsRefused)
        {
            return StatementProblems(file.Problems);
        }

        var imported = await economy.ImportStatementRowsAsync(scope.Id, file.Rows, null, scope.RequestAborted);
        if (imported.Value is not { } result)
        {
            return ApiProblems.FromErrors(imported.Errors);
        }

        var totals = file.Totals;
        return TypedResults.Ok(new StatementImportDto(channel, entity, file.Sha256, file.Rows.Count, totals.In, totals.Out, totals.Fees, result.Added, result.AlreadyThere, result.Conflicting));
    }

    private static async Task<Results<Ok<BankMappingDto>, ProblemHttpResult>> SaveMappingAsync(string entityId, BankMappingDto request, LedgerScope scope, BankMappings mappings)
    {
        if (scope.DenyEntity(entityId) is { } missing)
        {
            return missing;
        }

        var saved = await mappings.SaveAsync(scope.Id, EntityId.From(entityId), request.ToMapping(), scope.RequestAborted);
        return saved.Value is { } mapping ? TypedResults.Ok(BankMappingDto.FromMapping(mapping)) : ApiProblems.FromErrors(saved.Errors);
    }

    private static async Task<Results<Ok<BankMappingDto>, ProblemHttpResult>> GetMappingAsync(string entityId, LedgerScope scope, BankMappings mappings)
    {
        if (scope.DenyEntity(entityId) is { } missing)
        {
            return missing;
        }

        return await mappings.FindAsync(scope.Id, EntityId.From(entityId), scope.RequestAborted) is { } mapping
            ? TypedResults.Ok(BankMappingDto.FromMapping(mapping))
            : ApiProblems.NotFound(StatementErrorCodes.MappingNotFound, $"'{entityId}' has no saved bank statement mapping.");
    }

    /// <summary>422 with every bad line of the file (the first problem's code as the problem's code).</summary>
    private static ProblemHttpResult StatementProblems(IReadOnlyList<StatementProblem> problems)
    {
        var first = problems[0];
        var problem = ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, first.Code,
            $"The statement file is refused ({problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")}; nothing was imported): line {first.Line}, {first.Column}: {first.Reason}");
        problem.ProblemDetails.Extensions[ImportProblems.LinesExtension] = problems.Select(p => new LineProblemDto(p.Line, p.Column ?? string.Empty, p.Code, p.Reason)).ToList();
        return problem;
    }
}
