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
    /// <summary>The VAT included in the total, if any; the distribution base excludes it.</summary>
    public Money? Vat { get; init; }

    /// <summary><c>true</c> for a prepaid package: the money sits in receipts in advance until sessions are delivered.</summary>
    public bool Prepaid { get; init; }

    /// <summary>The payment's reference at the channel — the merchant order number (商户订单号) the till paid under, or
    /// the channel's transaction id — or <c>null</c>. Unique per channel within a ledger
    /// (<see cref="EconomyErrorCodes.PaymentReferenceTaken"/>); statement matching finds the sale by it first.</summary>
    public string? PaymentReference { get; init; }
}
