using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>A sale to record.</summary>
/// <param name="Provider">The selling provider.</param>
/// <param name="PackageId">The package.</param>
/// <param name="Tier">The tier sold (public-welfare is recorded as deliveries, not sales).</param>
/// <param name="Quantity">How many packages, at least 1.</param>
/// <param name="UnitPrice">The price of one package, including VAT if any.</param>
/// <param name="Channel">How the resident paid.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="ResidentReference">A pseudonymous resident reference (no names, phone or ID numbers).</param>
public sealed record SaleRequest(EntityId Provider, string PackageId, PricingTier Tier, int Quantity, Money UnitPrice, PaymentChannel Channel, LocalDate Date, string ResidentReference)
{
    /// <summary>The VAT included in the total, if any; the distribution base excludes it. For a provider with a VAT
    /// status (<see cref="AccountingEntity.Vat"/>) the VAT is computed from it when this is <c>null</c>; a different
    /// amount is an override and needs <see cref="VatOverrideReason"/>.</summary>
    public Money? Vat { get; init; }

    /// <summary>Why <see cref="Vat"/> overrides the VAT computed from the provider's status (e.g. a tax office ruling,
    /// an exempt service), recorded on the sale and its journal; <c>null</c> otherwise.</summary>
    public string? VatOverrideReason { get; init; }

    /// <summary><c>true</c> for a prepaid package: the money sits in receipts in advance until sessions are delivered.</summary>
    public bool Prepaid { get; init; }

    /// <summary>The payment's reference at the channel — the merchant order number (商户订单号) the till paid under, or
    /// the channel's transaction id — or <c>null</c>. Unique per channel within a ledger
    /// (<see cref="EconomyErrorCodes.PaymentReferenceTaken"/>); statement matching finds the sale by it first.</summary>
    public string? PaymentReference { get; init; }
}
