namespace CommunityFund.Economy;

/// <summary>The stable error codes of the community-economy commands.</summary>
public static class EconomyErrorCodes
{
    /// <summary>A payment (settlement, grant, repayment) from an account that does not hold enough.</summary>
    public const string InsufficientFunds = "payment.insufficient_funds";

    /// <summary>A clearing names an entity without money accounts, a channel that is not in transit, or a bad amount or fee.</summary>
    public const string ClearingInvalid = "clearing.invalid";

    /// <summary>A repayment was asked for, but the counterparty owes the provider nothing back that is not yet netted.</summary>
    public const string NothingOwedBack = "repayment.nothing_owed";

    /// <summary>The community fund's repayment exceeds the cash not held for restrictions or agency.</summary>
    public const string RepaymentExceedsUnrestricted = "repayment.exceeds_unrestricted_funds";

    /// <summary>The entity is not a provider, or its profile cannot sell packages.</summary>
    public const string NotAProvider = "economy.not_a_provider";

    /// <summary>The package data is invalid (names, sessions, hours, tiers, prices).</summary>
    public const string PackageInvalid = "package.invalid";

    /// <summary>The package does not exist, or has no version in force on the date.</summary>
    public const string PackageNotFound = "package.not_found";

    /// <summary>A new version must start after the previous one and keep its provider.</summary>
    public const string PackageVersionInvalid = "package.version_invalid";

    /// <summary>The package does not offer the tier.</summary>
    public const string TierNotOffered = "sale.tier_not_offered";

    /// <summary>Public-welfare service is free: record deliveries, not sales.</summary>
    public const string FreeTierIsDelivery = "sale.free_tier_is_delivery";

    /// <summary>The price differs from the package's terms.</summary>
    public const string PriceMismatch = "sale.price_mismatch";

    /// <summary>The payment channel is not one the books know (cash, bank, weChatPay, alipay).</summary>
    public const string ChannelUnknown = "sale.channel_unknown";

    /// <summary>The quantity is out of range.</summary>
    public const string QuantityInvalid = "sale.quantity_invalid";

    /// <summary>The VAT is negative, not CNY, or not less than the total.</summary>
    public const string VatInvalid = "sale.vat_invalid";

    /// <summary>A sale by an entity with a VAT status states a VAT other than the one computed from the status, without
    /// saying why (<c>vatOverrideReason</c>): an override is recorded with its reason (ADR 0022).</summary>
    public const string VatOverrideReasonRequired = "sale.vat_override_reason_required";

    /// <summary>The resident reference is missing or looks like personal data.</summary>
    public const string ResidentReferenceInvalid = "sale.resident_reference_invalid";

    /// <summary>A sale that is not prepaid of a package of more than one session that does not declare its sessions
    /// delivered at sale (<see cref="ServicePackage.SessionsDeliveredAtSale"/>): it would record every session delivered,
    /// and recognise all the revenue, on the sale day. Sell it prepaid instead. The figures name the package, its sessions
    /// and the sessions sold.</summary>
    public const string SessionsNotDeliveredAtSale = "sale.sessions_not_delivered_at_sale";

    /// <summary>The sale does not exist.</summary>
    public const string SaleNotFound = "sale.not_found";

    /// <summary>The sale's payment reference was already taken by another sale on the same channel of the ledger.</summary>
    public const string PaymentReferenceTaken = "sale.payment_reference_taken";

    /// <summary>A statement import, a match or an unmatch was asked for with invalid content (unknown rows, sales or
    /// match, rows already matched, an entity that keeps no money, a missing reason).</summary>
    public const string PaymentMatchInvalid = "payment_match.invalid";

    /// <summary>A statement row to import is invalid: an unknown entity, an empty transaction id, an amount that is not
    /// positive, a negative fee, or a kind that does not fit its channel.</summary>
    public const string StatementRowInvalid = "statement.row_invalid";

    /// <summary>The payment match does not exist.</summary>
    public const string PaymentMatchNotFound = "payment_match.not_found";

    /// <summary>The policy data is invalid.</summary>
    public const string PolicyInvalid = "distribution.policy_invalid";

    /// <summary>The shares do not sum to exactly 10,000 basis points.</summary>
    public const string PolicySharesNot10000 = "distribution.policy_shares_not_10000";

    /// <summary>The policy's dates overlap another version.</summary>
    public const string PolicyOverlap = "distribution.policy_overlap";

    /// <summary>No distribution policy is in force on the date.</summary>
    public const string NoPolicy = "distribution.no_policy";

    /// <summary>The delivery is invalid (not prepaid, cancelled, more sessions than bought, before the sale).</summary>
    public const string DeliveryInvalid = "delivery.invalid";

    /// <summary>The refund is more than can be refunded, or does not cancel the whole rest of a prepaid package.</summary>
    public const string RefundExceedsRefundable = "refund.exceeds_refundable";

    /// <summary>The refund amount or date is invalid.</summary>
    public const string RefundInvalid = "refund.invalid";

    /// <summary>Nothing is owed for the statement.</summary>
    public const string NothingOwed = "settlement.nothing_owed";

    /// <summary>A statement for that provider, counterparty and period exists already.</summary>
    public const string StatementExists = "settlement.already_prepared";

    /// <summary>The statement does not exist.</summary>
    public const string StatementNotFound = "settlement.not_found";

    /// <summary>The statement's status does not allow the step (statuses only move forward, one step at a time).</summary>
    public const string StatusInvalid = "settlement.status_invalid";

    /// <summary>An invoice or donation-receipt reference is required.</summary>
    public const string InvoiceReferenceRequired = "settlement.invoice_reference_required";

    /// <summary>Statements are prepared for a hub or a community-fund counterparty of the provider.</summary>
    public const string CounterpartyInvalid = "settlement.counterparty_invalid";

    /// <summary>The settlement date is before the statement's last item.</summary>
    public const string SettlementDateInvalid = "settlement.date_invalid";

    /// <summary>The settlement would exceed the open payable.</summary>
    public const string ExceedsPayable = "settlement.exceeds_payable";

    /// <summary>The entity cannot move to the revised 民非 chart: it keeps no NPO_CN books, or its books started on the
    /// revised chart (ADR 0021).</summary>
    public const string ChartTransitionNotApplicable = "chart.transition_not_applicable";

    /// <summary>An account the revised 民非 chart drops has postings dated on or after the transition day, so its balance
    /// at the end of the old books is not the balance to carry (ADR 0021).</summary>
    public const string ChartTransitionAccountInUse = "chart.transition_account_in_use";
}
