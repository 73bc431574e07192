using CommunityFund.Api.Security;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>Payment reconciliation: matching the stored WeChat Pay, Alipay and bank statement rows with the books, by
/// hand too, and the report per channel and day.</summary>
public static class ReconciliationApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapReconciliation(this RouteGroupBuilder group)
    {
        group.MapPost("/payment-matches", MatchAsync).RequireAuthorization(Policies.Admin).Validates<PaymentMatchApiRequest>().Idempotent().InLedger()
            .WithName("MatchPayments").WithSummary("Matches an entity's statement rows of a channel with its sales and refunds, and the channel's payouts with its bank credits (posting a clearing per settlement batch); 'dryRun=true' records nothing.").WithTags("Reconciliation");
        group.MapPost("/payment-matches/manual", ManualAsync).RequireAuthorization(Policies.Admin).Validates<ManualMatchApiRequest>().Idempotent().InLedger()
            .WithName("MatchPaymentsByHand").WithSummary("Matches statement rows with sales or refunds by hand, with a reason.").WithTags("Reconciliation");
        group.MapPost("/payment-matches/{matchId}/unmatch", UnmatchAsync).RequireAuthorization(Policies.Admin).Validates<UnmatchApiRequest>().Idempotent().InLedger()
            .WithName("UnmatchPayments").WithSummary("Undoes a match with a reason; a settlement's clearing journal is reversed.").WithTags("Reconciliation");
        group.MapGet("/reports/payment-reconciliation", ReportAsync).RequireAuthorization(Policies.Audit).InLedger()
            .WithName("PaymentReconciliation").WithSummary("Per entity, channel and day ('from'–'to', optional 'channel' and 'entity'): in-transit movements, statement rows, matched, unmatched on each side, fees; 'format=csv' or 'Accept: text/csv' for a spreadsheet.").WithTags("Reconciliation");
        return group;
    }

    private static async Task<Results<Ok<PaymentMatchResultDto>, ProblemHttpResult>> MatchAsync(PaymentMatchApiRequest request, bool? dryRun, LedgerScope scope, CommunityEconomy economy)
    {
        var defaults = new MatchOptions();
        var options = new MatchOptions
        {
            ToleranceMinutes = request.ToleranceMinutes ?? defaults.ToleranceMinutes,
            SettlementWindowDays = request.SettlementWindowDays ?? defaults.SettlementWindowDays,
            MaxSettlementDays = request.MaxSettlementDays ?? defaults.MaxSettlementDays,
        };
        var result = scope.Answered(await economy.MatchAsync(scope.Id, EntityId.From(request.Entity), request.Channel.ToCore(), dryRun ?? false, options, scope.Caller.KeyId, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded && result.Value is { } value ? TypedResults.Ok(PaymentMatchResultDto.FromCore(value)) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Created<PaymentMatchDto>, ProblemHttpResult>> ManualAsync(ManualMatchApiRequest request, LedgerScope scope, CommunityEconomy economy)
    {
        var manual = new ManualMatchRequest(EntityId.From(request.Entity), request.Channel.ToCore(), [.. request.Rows], [.. request.Sales], request.Reason);
        var result = scope.Answered(await economy.ManualMatchAsync(scope.Id, manual, scope.Caller.KeyId, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded && result.Value is { } match
            ? TypedResults.Created($"/ledgers/{scope.Id}/payment-matches/{match.Id}", PaymentMatchDto.FromCore(match))
            : ApiProblems.FromErrors(result.Errors.IsDefaultOrEmpty ? [new PostingError(EconomyErrorCodes.PaymentMatchInvalid, "The match was already recorded under this key.")] : result.Errors);
    }

    private static async Task<Results<Ok<PaymentMatchDto>, ProblemHttpResult>> UnmatchAsync(string matchId, UnmatchApiRequest request, LedgerScope scope, CommunityEconomy economy)
    {
        var result = scope.Answered(await economy.UnmatchAsync(scope.Id, matchId, request.Reason, scope.Caller.KeyId, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded && result.Value is { } match
            ? TypedResults.Ok(PaymentMatchDto.FromCore(match))
            : ApiProblems.FromErrors(result.Errors.IsDefaultOrEmpty ? [new PostingError(EconomyErrorCodes.PaymentMatchInvalid, "The unmatch was already recorded under this key.")] : result.Errors);
    }

    private static async Task<Results<Ok<PaymentReconciliationReportDto>, FileContentHttpResult, ProblemHttpResult>> ReportAsync(
        string? channel, string? entity, [AsParameters] DateRangeQuery range, string? format, HttpRequest http, LedgerScope scope, CommunityEconomy economy)
    {
        if (!range.TryRange(out var from, out var to))
        {
            return QueryValues.BadDate();
        }

        if (QueryValues.BadFormat(format) is { } bad)
        {
            return bad;
        }

        Economy.PaymentChannel? only = channel switch
        {
            null => null,
            "weChatPay" => Economy.PaymentChannel.WeChatPay,
            "alipay" => Economy.PaymentChannel.Alipay,
            _ => (Economy.PaymentChannel)0,
        };
        if (only == 0 || (entity is not null && scope.State.Definition.FindEntity(EntityId.From(entity)) is null))
        {
            return ApiProblems.FromErrors([new PostingError(EconomyErrorCodes.PaymentMatchInvalid, only == 0 ? "'channel' is weChatPay or alipay." : $"No entity '{entity}'.", only == 0 ? "channel" : "entity")]);
        }

        var report = await PaymentReconciliation.BuildAsync(scope.Store, economy.Records, scope.Id, from, to, only, entity is null ? null : EntityId.From(entity), scope.RequestAborted);
        var csv = format is not null || http.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true);
        return csv
            ? TypedResults.File(CsvExports.Encoding.GetBytes(report.ToCsv()), "text/csv; charset=utf-8", $"{scope.Id}-payment-reconciliation-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.csv")
            : TypedResults.Ok(PaymentReconciliationReportDto.FromCore(report));
    }
}
