using System.Text.Json.Nodes;
using CommunityFund.Api.Imports.Statements;
using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Posting;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CommunityFund.Api;

/// <summary>Declares the error codes each operation can answer with beyond the HTTP layer's (<see cref="OpenApiProblems"/> turns them
/// into error responses), its <c>Idempotency-Key</c> header, the file bodies of the imports, and request examples.</summary>
public sealed class OpenApiDocumentation : IOperationFilter
{
    private static readonly Dictionary<string, string[]> Codes = new(StringComparer.Ordinal)
    {
        ["RecordSale"] = [EconomyErrorCodes.PriceMismatch, EconomyErrorCodes.SessionsNotDeliveredAtSale, EconomyErrorCodes.TierNotOffered, EconomyErrorCodes.FreeTierIsDelivery, EconomyErrorCodes.ResidentReferenceInvalid, EconomyErrorCodes.VatInvalid, EconomyErrorCodes.VatOverrideReasonRequired, EconomyErrorCodes.PackageNotFound, EconomyErrorCodes.NoPolicy, EconomyErrorCodes.PaymentReferenceTaken, ErrorCodes.PeriodClosed, ApiErrorCodes.ForbiddenEntity],
        ["RefundSale"] = [EconomyErrorCodes.RefundExceedsRefundable, EconomyErrorCodes.RefundInvalid, EconomyErrorCodes.SaleNotFound, ErrorCodes.JournalMemoInvalid, ErrorCodes.PeriodClosed],
        ["RecordDelivery"] = [EconomyErrorCodes.DeliveryInvalid, EconomyErrorCodes.SaleNotFound, EconomyErrorCodes.PackageNotFound, EconomyErrorCodes.NoPolicy],
        ["PrepareStatement"] = [EconomyErrorCodes.NothingOwed, EconomyErrorCodes.StatementExists, EconomyErrorCodes.CounterpartyInvalid],
        ["InvoiceStatement"] = [EconomyErrorCodes.StatusInvalid, EconomyErrorCodes.StatementNotFound],
        ["SettleStatement"] = [EconomyErrorCodes.StatusInvalid, EconomyErrorCodes.ExceedsPayable, EconomyErrorCodes.InsufficientFunds, EconomyErrorCodes.SettlementDateInvalid, EconomyErrorCodes.StatementNotFound],
        ["Repay"] = [EconomyErrorCodes.NothingOwedBack, EconomyErrorCodes.InsufficientFunds, EconomyErrorCodes.RepaymentExceedsUnrestricted, EconomyErrorCodes.CounterpartyInvalid, EconomyErrorCodes.NotAProvider, ErrorCodes.PeriodClosed],
        ["Clear"] = [EconomyErrorCodes.InsufficientFunds, EconomyErrorCodes.ClearingInvalid, ApiErrorCodes.ForbiddenEntity, ErrorCodes.PeriodClosed],
        ["PostJournal"] = [ErrorCodes.JournalUnbalanced, ErrorCodes.AccountNotFound, ErrorCodes.AccountNotLeaf, ErrorCodes.AccountUnitMismatch, ErrorCodes.LineAmountNotPositive, ErrorCodes.LineDimensionRequired, ErrorCodes.LineDimensionInvalid, ErrorCodes.JournalMemoInvalid, ErrorCodes.PeriodClosed, ErrorCodes.PeriodBeforeBooksStart, ApiErrorCodes.ForbiddenEntity],
        ["ReverseJournal"] = [ErrorCodes.JournalNotFound, ErrorCodes.JournalAlreadyReversed, ErrorCodes.JournalIsReversal, ErrorCodes.ReversalDateBeforeOriginal, ErrorCodes.PeriodClosed],
        ["TransitionChart"] = [EconomyErrorCodes.ChartTransitionNotApplicable, EconomyErrorCodes.ChartTransitionAccountInUse, ErrorCodes.EntityNotFound],
        ["ClosePeriod"] = [ErrorCodes.PeriodNotNext, ErrorCodes.PeriodAlreadyClosed],
        ["PublishMonth"] = [CommunityErrorCodes.PublicationPeriodOpen, CommunityErrorCodes.PublicationExists],
        ["Publication"] = [CommunityErrorCodes.PublicationNotFound],
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
        ["ListSales"] = [ApiErrorCodes.ForbiddenEntity],
        ["GetSale"] = [EconomyErrorCodes.SaleNotFound],
        ["GetJournal"] = [ErrorCodes.JournalNotFound],
        ["GetStatement"] = [EconomyErrorCodes.StatementNotFound],
        ["RevokeApiKey"] = [ApiErrorCodes.ApiKeyNotFound],
        ["OpenLedger"] = [ErrorCodes.LedgerExists],
        ["AddEntity"] = [ErrorCodes.EntityExists],
        ["AddSubAccount"] = [ErrorCodes.AccountExists, ErrorCodes.AccountNotFound, ErrorCodes.EntityNotFound],
        ["ListAccounts"] = [ErrorCodes.EntityNotFound, ApiErrorCodes.ForbiddenEntity],
        ["Balances"] = [ErrorCodes.EntityNotFound, ApiErrorCodes.ForbiddenEntity],
        ["TrialBalance"] = [ErrorCodes.EntityNotFound, ApiErrorCodes.ForbiddenEntity],
        ["AccountRegister"] = [ErrorCodes.EntityNotFound, ErrorCodes.AccountNotFound, ApiErrorCodes.ForbiddenEntity],
        ["FundStatement"] = [ErrorCodes.EntityNotFound, CommunityErrorCodes.NotAFund, ApiErrorCodes.ForbiddenEntity],
        ["Restrictions"] = [ErrorCodes.EntityNotFound, ApiErrorCodes.ForbiddenEntity],
        ["AgencyBalances"] = [ErrorCodes.EntityNotFound, ApiErrorCodes.ForbiddenEntity],
        ["MemberBalance"] = [ErrorCodes.EntityNotFound, ApiErrorCodes.ForbiddenEntity],
        ["RecordDonatedService"] = [CommunityErrorCodes.DonatedServiceNotApplicable, ErrorCodes.EntityNotFound, ErrorCodes.PeriodClosed, ApiErrorCodes.ForbiddenEntity],
        ["MemoTransfer"] = [CommunityErrorCodes.TimeBankCapExceeded, CommunityErrorCodes.TimeBankInsufficientBalance, CommunityErrorCodes.TimeBankSameMember, ErrorCodes.JournalKindInvalid, ErrorCodes.LineDimensionInvalid, ErrorCodes.PeriodClosed, ApiErrorCodes.ForbiddenEntity],
        ["RegisterAgreement"] = [CommunityErrorCodes.AgreementExists, CommunityErrorCodes.AgreementInvalid],
        ["GetAgreement"] = [CommunityErrorCodes.AgreementNotFound],
        ["ActivateAgreement"] = [CommunityErrorCodes.AgreementNotFound, CommunityErrorCodes.AgreementStatusInvalid],
        ["EndAgreement"] = [CommunityErrorCodes.AgreementNotFound, CommunityErrorCodes.AgreementStatusInvalid, ErrorCodes.PeriodClosed],
        ["PostAgreementDue"] = [CommunityErrorCodes.AgreementNotFound, CommunityErrorCodes.AgreementStatusInvalid, ErrorCodes.PeriodClosed],
        ["RecordAgreementDelivery"] = [CommunityErrorCodes.AgreementNotFound, CommunityErrorCodes.DeliveryInvalid, ErrorCodes.PeriodClosed],
        ["ListAgreementDeliveries"] = [CommunityErrorCodes.AgreementNotFound],
        ["PayRevenueShare"] = [CommunityErrorCodes.AgreementNotFound, CommunityErrorCodes.FundShareOverlapsDistribution, ErrorCodes.PeriodClosed],
        ["AgreementObligations"] = [CommunityErrorCodes.AgreementNotFound],
        ["ReceiveDonation"] = [CommunityErrorCodes.FundInvalid, CommunityErrorCodes.NotAFund, ErrorCodes.PeriodClosed],
        ["RecordAgencyGift"] = [CommunityErrorCodes.AgencyInsufficient, CommunityErrorCodes.FundInvalid, CommunityErrorCodes.NotAFund, ErrorCodes.PeriodClosed],
        ["MatchPayments"] = [EconomyErrorCodes.PaymentMatchInvalid],
        ["MatchPaymentsByHand"] = [EconomyErrorCodes.PaymentMatchInvalid],
        ["UnmatchPayments"] = [EconomyErrorCodes.PaymentMatchNotFound, EconomyErrorCodes.PaymentMatchInvalid],
        ["ImportPaymentStatement"] = [StatementErrorCodes.Malformed, StatementErrorCodes.Encoding, StatementErrorCodes.ChannelMismatch, StatementErrorCodes.Truncated, StatementErrorCodes.TotalsMismatch, StatementErrorCodes.BalanceMismatch, StatementErrorCodes.AmountInvalid, StatementErrorCodes.DuplicateRow, StatementErrorCodes.MappingMissing, EconomyErrorCodes.StatementRowInvalid, ErrorCodes.EntityNotFound],
        ["SaveBankStatementMapping"] = [ErrorCodes.EntityNotFound],
        ["GetBankStatementMapping"] = [StatementErrorCodes.MappingNotFound, ErrorCodes.EntityNotFound],
        ["StatementOfActivities"] = [ApiErrorCodes.ReportProfileUnsupported, ErrorCodes.EntityNotFound, ApiErrorCodes.ForbiddenEntity],
        ["StatementOfFinancialPosition"] = [ApiErrorCodes.ReportProfileUnsupported, ErrorCodes.EntityNotFound, ApiErrorCodes.ForbiddenEntity],
        ["IncomeStatement"] = [ApiErrorCodes.ReportProfileUnsupported, ErrorCodes.EntityNotFound, ApiErrorCodes.ForbiddenEntity],
        ["BalanceSheet"] = [ApiErrorCodes.ReportProfileUnsupported, ErrorCodes.EntityNotFound, ApiErrorCodes.ForbiddenEntity],
        ["PrescribedStatementOfActivities"] = [ApiErrorCodes.ReportProfileUnsupported, ErrorCodes.EntityNotFound, ApiErrorCodes.ForbiddenEntity],
        ["PrescribedStatementOfFinancialPosition"] = [ApiErrorCodes.ReportProfileUnsupported, ErrorCodes.EntityNotFound, ApiErrorCodes.ForbiddenEntity],
        ["PrescribedIncomeStatement"] = [ApiErrorCodes.ReportProfileUnsupported, ErrorCodes.EntityNotFound, ApiErrorCodes.ForbiddenEntity],
        ["PrescribedBalanceSheet"] = [ApiErrorCodes.ReportProfileUnsupported, ErrorCodes.EntityNotFound, ApiErrorCodes.ForbiddenEntity],
    };

    /// <summary>Every operation's declared codes, by operation id.</summary>
    public static IReadOnlyDictionary<string, string[]> Declared => Codes;

    /// <summary>The codes an operation answers with beyond those of the HTTP layer (<see cref="OpenApiProblems"/>).</summary>
    /// <param name="operationId">The operation's id.</param>
    /// <returns>The codes, or none.</returns>
    public static IReadOnlyList<string> DeclaredCodes(string operationId) => Codes.TryGetValue(operationId, out var codes) ? codes : [];

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
        var idempotent = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IdempotentMarker>().Any();
        operation.Description = "Refusals are RFC 9457 problem details with a stable `code` (docs/errors.md); the error responses list the codes of this operation, with an example of each.";
        if (idempotent)
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
