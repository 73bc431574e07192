using System.Text.Json.Nodes;
using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Posting;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CommunityFund.Api;

/// <summary>Adds to every operation the error codes it can answer with, and request examples to the main ones.</summary>
public sealed class OpenApiDocumentation : IOperationFilter
{
    private static readonly Dictionary<string, string[]> Codes = new(StringComparer.Ordinal)
    {
        ["RecordSale"] = [EconomyErrorCodes.PriceMismatch, EconomyErrorCodes.SessionsNotDeliveredAtSale, EconomyErrorCodes.TierNotOffered, EconomyErrorCodes.FreeTierIsDelivery, EconomyErrorCodes.ResidentReferenceInvalid, EconomyErrorCodes.VatInvalid, EconomyErrorCodes.VatOverrideReasonRequired, EconomyErrorCodes.PackageNotFound, EconomyErrorCodes.NoPolicy, ErrorCodes.PeriodClosed, ApiErrorCodes.ForbiddenEntity],
        ["RefundSale"] = [EconomyErrorCodes.RefundExceedsRefundable, EconomyErrorCodes.RefundInvalid, EconomyErrorCodes.SaleNotFound, ErrorCodes.PeriodClosed],
        ["RecordDelivery"] = [EconomyErrorCodes.DeliveryInvalid, EconomyErrorCodes.SaleNotFound, EconomyErrorCodes.PackageNotFound, EconomyErrorCodes.NoPolicy],
        ["PrepareStatement"] = [EconomyErrorCodes.NothingOwed, EconomyErrorCodes.StatementExists, EconomyErrorCodes.CounterpartyInvalid],
        ["InvoiceStatement"] = [EconomyErrorCodes.StatusInvalid, EconomyErrorCodes.InvoiceReferenceRequired, EconomyErrorCodes.StatementNotFound],
        ["SettleStatement"] = [EconomyErrorCodes.StatusInvalid, EconomyErrorCodes.ExceedsPayable, EconomyErrorCodes.InsufficientFunds, EconomyErrorCodes.SettlementDateInvalid, EconomyErrorCodes.StatementNotFound],
        ["Repay"] = [EconomyErrorCodes.NothingOwedBack, EconomyErrorCodes.InsufficientFunds, EconomyErrorCodes.RepaymentExceedsUnrestricted, EconomyErrorCodes.CounterpartyInvalid, EconomyErrorCodes.NotAProvider, ErrorCodes.PeriodClosed],
        ["Clear"] = [EconomyErrorCodes.InsufficientFunds, EconomyErrorCodes.ClearingInvalid, ApiErrorCodes.ForbiddenEntity, ErrorCodes.PeriodClosed],
        ["PostJournal"] = [ErrorCodes.JournalUnbalanced, ErrorCodes.JournalTooFewLines, ErrorCodes.AccountNotFound, ErrorCodes.AccountNotLeaf, ErrorCodes.AccountInactive, ErrorCodes.AccountUnitMismatch, ErrorCodes.LineAmountNotPositive, ErrorCodes.LineDimensionRequired, ErrorCodes.PeriodClosed, ErrorCodes.PeriodBeforeBooksStart],
        ["ReverseJournal"] = [ErrorCodes.JournalNotFound, ErrorCodes.JournalAlreadyReversed, ErrorCodes.JournalIsReversal, ErrorCodes.ReversalDateBeforeOriginal, ErrorCodes.PeriodClosed],
        ["ClosePeriod"] = [ErrorCodes.PeriodNotNext, ErrorCodes.PeriodAlreadyClosed],
        ["AddPolicy"] = [EconomyErrorCodes.PolicySharesNot10000, EconomyErrorCodes.PolicyOverlap, EconomyErrorCodes.PolicyInvalid],
        ["PublishPackage"] = [EconomyErrorCodes.PackageInvalid, EconomyErrorCodes.PackageVersionInvalid, EconomyErrorCodes.NotAProvider],
        ["RecordSelfFinancing"] = [CommunityErrorCodes.GoodsCostRequired, CommunityErrorCodes.GoodsExceedStock, CommunityErrorCodes.FundInvalid, CommunityErrorCodes.NotAFund, ErrorCodes.PeriodClosed],
        ["AwardGrant"] = [CommunityErrorCodes.GrantExceedsUnrestricted, EconomyErrorCodes.InsufficientFunds, CommunityErrorCodes.RestrictionInsufficient, CommunityErrorCodes.FundInvalid, CommunityErrorCodes.NotAFund, ErrorCodes.PeriodClosed],
        ["GiveAwayGoods"] = [CommunityErrorCodes.GoodsExceedStock, CommunityErrorCodes.FundInvalid, CommunityErrorCodes.NotAFund, ErrorCodes.PeriodClosed],
        ["FundReceivables"] = [ApiErrorCodes.ForbiddenEntity, ErrorCodes.EntityNotFound],
        ["PostOpeningBalances"] = [ErrorCodes.OpeningInvalid, ErrorCodes.OpeningExists, ApiErrorCodes.ImportHeaderInvalid, ApiErrorCodes.ImportFileUnreadable, ApiErrorCodes.UnsupportedMediaType, ApiErrorCodes.TooLarge, ErrorCodes.PeriodClosed],
        ["DisableWebhook"] = [ApiErrorCodes.WebhookNotFound],
        ["ListWebhookDeliveries"] = [ApiErrorCodes.WebhookNotFound],
        ["ImportSales"] = [ApiErrorCodes.ImportHeaderInvalid, ApiErrorCodes.ImportFileUnreadable, ApiErrorCodes.UnsupportedMediaType, ApiErrorCodes.TooLarge],
    };

    /// <summary>The file bodies of the imports (the endpoints read them as streams, so they declare no body type).</summary>
    private static readonly Dictionary<string, (string[] MediaTypes, string Example)> Files = new(StringComparer.Ordinal)
    {
        ["PostOpeningBalances"] = (["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
            "entity,account,name,debit,credit,restriction,member\nfund,1002.01,基本存款账户,8000.00,,,\nfund,3101,,,8000.00,,\n"),
        ["ImportSales"] = (["text/csv"],
            "externalReference,provider,packageId,tier,quantity,unitPrice,currency,channel,date,residentReference\npos-2025-0001,elder-care,elder-meals,paid,1,100.00,CNY,weChatPay,2026-04-02,r-0100\n"),
    };

    private static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        ["RecordSale"] = """{"provider":"elder-care","packageId":"elder-meals","tier":"paid","quantity":10,"unitPrice":{"amount":"100.00","currency":"CNY"},"channel":"weChatPay","date":"2026-05-06","residentReference":"r-0107"}""",
        ["RefundSale"] = """{"amount":{"amount":"100.00","currency":"CNY"},"date":"2026-05-08","reason":"resident cancelled"}""",
        ["RecordDelivery"] = """{"date":"2026-05-09","sessions":6,"provider":"elder-care","packageId":"elder-meals","beneficiaries":21}""",
        ["PrepareStatement"] = """{"provider":"elder-care","counterparty":"hub","period":"2026-05"}""",
        ["InvoiceStatement"] = """{"reference":"HUB-INV-2026-05-001"}""",
        ["SettleStatement"] = """{"date":"2026-06-05"}""",
        ["Repay"] = """{"provider":"elder-care","counterparty":"hub","date":"2026-06-30"}""",
        ["Clear"] = """{"entity":"elder-care","channel":"weChatPay","date":"2026-06-03","amount":{"amount":"1000.00","currency":"CNY"},"fee":{"amount":"6.00","currency":"CNY"}}""",
        ["PostJournal"] = """{"date":"2026-05-10","memo":"office supplies","lines":[{"entity":"elder-care","account":"5201","side":"debit","amount":{"amount":"45.00","currency":"CNY"}},{"entity":"elder-care","account":"1001","side":"credit","amount":{"amount":"45.00","currency":"CNY"}}]}""",
        ["ReverseJournal"] = """{"reason":"entered twice","date":"2026-05-11"}""",
        ["CreateApiKey"] = """{"name":"trustee 2026","role":"trustee"}""",
        ["CreateWebhook"] = """{"url":"https://erp.example.org/communityfund/events","secret":"whsec-3f9a1c0e7b2d4a68b5e1c9d07f3a2b64","eventTypes":["sale.recorded","refund.recorded","statement.settled"]}""",
    };

    /// <inheritdoc />
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var id = operation.OperationId ?? string.Empty;
        var common = id == "Health" ? [] : new[] { $"{ApiErrorCodes.Unauthenticated} (401)", $"{ApiErrorCodes.InvalidKey} (401)", $"{ApiErrorCodes.Forbidden} (403)", $"{ErrorCodes.LedgerNotFound} (404)", $"{ApiErrorCodes.ValidationFailed} (400)", $"{ApiErrorCodes.RateLimitExceeded} (429)" };
        var idempotent = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IdempotentMarker>().Any()
            ? new[] { $"{ApiErrorCodes.IdempotencyKeyRequired} (400)", $"{ErrorCodes.IdempotencyConflict} (409)" }
            : [];
        var specific = Codes.TryGetValue(id, out var codes) ? codes.Select(c => $"{c} (404/409/422)") : [];
        var all = common.Concat(idempotent).Concat(specific).ToList();
        if (all.Count > 0)
        {
            operation.Description = "Error codes (RFC 9457 problem details, field `code`): " + string.Join(", ", all.Select(c => $"`{c}`")) + ".";
        }

        if (idempotent.Length > 0)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyFilter.Header,
                In = ParameterLocation.Header,
                Required = true,
                Description = "A unique key per request (e.g. a UUID); a replay returns the original response.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
            });
        }

        if (Files.TryGetValue(id, out var file))
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The file (docs/imports.md describes its columns).",
                Content = file.MediaTypes.ToDictionary(m => m, IOpenApiMediaType (m) => new OpenApiMediaType
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                    Example = m == "text/csv" ? JsonValue.Create(file.Example) : null,
                }),
            };
        }

        if (Examples.TryGetValue(id, out var example) && operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var media) && media is OpenApiMediaType json)
        {
            json.Example = JsonNode.Parse(example);
        }
    }
}
