using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CommunityFund.Api;

/// <summary>Adds to every operation the error codes it can answer with, and request examples to the main ones.</summary>
public sealed class OpenApiDocumentation : IOperationFilter
{
    private static readonly Dictionary<string, string[]> Codes = new(StringComparer.Ordinal)
    {
        ["RecordSale"] = ["sale.price_mismatch", "sale.sessions_not_delivered_at_sale", "sale.tier_not_offered", "sale.free_tier_is_delivery", "sale.resident_reference_invalid", "sale.vat_invalid", "package.not_found", "distribution.no_policy", "period.closed", "auth.forbidden_entity"],
        ["RefundSale"] = ["refund.exceeds_refundable", "refund.invalid", "sale.not_found", "period.closed"],
        ["RecordDelivery"] = ["delivery.invalid", "sale.not_found", "package.not_found", "distribution.no_policy"],
        ["PrepareStatement"] = ["settlement.nothing_owed", "settlement.already_prepared", "settlement.counterparty_invalid"],
        ["InvoiceStatement"] = ["settlement.status_invalid", "settlement.invoice_reference_required", "settlement.not_found"],
        ["SettleStatement"] = ["settlement.status_invalid", "settlement.exceeds_payable", "payment.insufficient_funds", "settlement.date_invalid", "settlement.not_found"],
        ["Repay"] = ["repayment.nothing_owed", "payment.insufficient_funds", "repayment.exceeds_unrestricted_funds", "settlement.counterparty_invalid", "economy.not_a_provider", "period.closed"],
        ["Clear"] = ["payment.insufficient_funds", "clearing.invalid", "auth.forbidden_entity", "period.closed"],
        ["PostJournal"] = ["journal.unbalanced", "journal.too_few_lines", "account.not_found", "account.not_leaf", "account.inactive", "account.unit_mismatch", "line.amount_not_positive", "line.dimension_required", "period.closed", "period.before_books_start"],
        ["ReverseJournal"] = ["journal.not_found", "journal.already_reversed", "journal.is_reversal", "reversal.date_before_original", "period.closed"],
        ["ClosePeriod"] = ["period.not_next", "period.already_closed"],
        ["AddPolicy"] = ["distribution.policy_shares_not_10000", "distribution.policy_overlap", "distribution.policy_invalid"],
        ["PublishPackage"] = ["package.invalid", "package.version_invalid", "economy.not_a_provider"],
        ["RecordSelfFinancing"] = ["fund.goods_cost_required", "fund.goods_exceed_stock", "fund.invalid", "fund.not_a_fund", "period.closed"],
        ["AwardGrant"] = ["grant.exceeds_unrestricted_funds", "payment.insufficient_funds", "fund.restriction_insufficient", "fund.invalid", "fund.not_a_fund", "period.closed"],
        ["GiveAwayGoods"] = ["fund.goods_exceed_stock", "fund.invalid", "fund.not_a_fund", "period.closed"],
        ["FundReceivables"] = ["auth.forbidden_entity", "entity.not_found"],
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
    };

    /// <inheritdoc />
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var id = operation.OperationId ?? string.Empty;
        var common = id == "Health" ? [] : new[] { "auth.unauthenticated (401)", "auth.invalid_key (401)", "auth.forbidden (403)", "ledger.not_found (404)", "validation.failed (400)", "rate_limit.exceeded (429)" };
        var idempotent = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IdempotentMarker>().Any()
            ? new[] { "idempotency.key_required (400)", "idempotency.conflict (409)" }
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

        if (Examples.TryGetValue(id, out var example) && operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var media) && media is OpenApiMediaType json)
        {
            json.Example = JsonNode.Parse(example);
        }
    }
}
