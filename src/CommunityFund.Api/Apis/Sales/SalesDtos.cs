using CommunityFund.Economy;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>A sale with its distribution and refunds.</summary>
public sealed record SaleDto(
    Guid Id,
    Guid Journal,
    string Provider,
    string Package,
    int PackageVersion,
    PricingTier Tier,
    int Quantity,
    Money UnitPrice,
    Money Amount,
    Money Vat,
    Money Base,
    PaymentChannel Channel,
    LocalDate Date,
    string ResidentReference,
    bool Prepaid,
    int Sessions,
    int SessionsDelivered,
    Money Recognised,
    Money Refunded,
    Money Refundable,
    IReadOnlyList<DistributionDto> Distributions,
    IReadOnlyList<RefundDto> Refunds,
    string? PaymentReference = null)
{
    /// <summary>The VAT computed from the provider's VAT status when the sale was made, or <c>null</c> when the provider
    /// has none (then <see cref="Vat"/> is what the sale stated). When it differs from <see cref="Vat"/>, the VAT was
    /// overridden for <see cref="VatOverrideReason"/>.</summary>
    public Money? ComputedVat { get; init; }

    /// <summary>Why the sale's VAT overrides the computed one, or <c>null</c>.</summary>
    public string? VatOverrideReason { get; init; }

    /// <summary>Maps a sale record.</summary>
    public static SaleDto FromCore(SaleRecord s) => new(
        s.Id.Value, s.Journal.Value, s.Request.Provider.Value, s.Request.PackageId, s.PackageVersion, s.Request.Tier.ToWire(), s.Request.Quantity, s.Request.UnitPrice,
        s.Amount, s.Amount - s.Base, s.Base, s.Request.Channel.ToWire(), s.Request.Date, s.Request.ResidentReference, s.Request.Prepaid, s.Sessions, s.SessionsDelivered,
        s.Recognised, s.Refunded, s.Refundable,
        [.. s.Distributions.Select(d => new DistributionDto(d.Journal.Value, d.Date, d.Base, Cny(d.Parts.Provider), Cny(d.Parts.Hub), Cny(d.Parts.Fund), d.PolicyReference, d.Rounding.ToWire()))],
        [.. s.Refunds.Select(r => new RefundDto(r.Journal.Value, r.Date, r.Amount, r.Base, Cny(r.Reversed.Provider), Cny(r.Reversed.Hub), Cny(r.Reversed.Fund), Cny(r.Absorbed)))],
        s.Request.PaymentReference)
    {
        ComputedVat = s.ComputedVat,
        VatOverrideReason = s.Request.VatOverrideReason,
    };

    private static Money Cny(long fen) => Money.FromMinorUnits(fen, Currency.CNY);
}

/// <summary>One distribution of a sale.</summary>
public sealed record DistributionDto(Guid Journal, LocalDate Date, Money Base, Money Provider, Money Hub, Money Fund, string Policy, RoundingRule Rounding);

/// <summary>One refund of a sale.</summary>
public sealed record RefundDto(Guid Journal, LocalDate Date, Money Amount, Money Base, Money Provider, Money Hub, Money Fund, Money AbsorbedByProvider);

/// <summary>A sale to record.</summary>
public sealed record CreateSaleRequest(string Provider, string PackageId, PricingTier Tier, int Quantity, Money UnitPrice, PaymentChannel Channel, LocalDate Date, string ResidentReference, Money? Vat = null, bool Prepaid = false)
{
    /// <summary>The books' sale request.</summary>
    public SaleRequest ToCore() => new(EntityId.From(Provider), PackageId, Tier.ToCore(), Quantity, UnitPrice, Channel.ToCore(), Date, ResidentReference)
    {
        Vat = Vat,
        VatOverrideReason = VatOverrideReason,
        Prepaid = Prepaid,
        PaymentReference = PaymentReference,
    };

    /// <summary>Why <see cref="Vat"/> differs from the VAT computed from the provider's VAT status (required then;
    /// recorded on the sale and its journal), up to 200 characters.</summary>
    public string? VatOverrideReason { get; init; }

    /// <summary>The payment's reference at the channel (merchant order number or transaction id), 1–64 printable ASCII
    /// characters; unique per channel in the ledger.</summary>
    public string? PaymentReference { get; init; }
}

/// <summary>Delivered sessions: of a prepaid sale, or of a free public-welfare package.</summary>
public sealed record CreateDeliveryRequest(LocalDate Date, int Sessions, Guid? Sale = null, string? Provider = null, string? PackageId = null, int Beneficiaries = 0);

/// <summary>A refund of a sale.</summary>
public sealed record CreateRefundRequest(Money Amount, LocalDate Date, string Reason)
{
    /// <summary>How the money goes back (default: the sale's channel), e.g. bank when WeChat Pay no longer holds it.</summary>
    public PaymentChannel? Channel { get; init; }

    /// <summary>The books' refund request for a sale.</summary>
    public RefundRequest ToCore(SaleId sale) => new(sale, Amount, Date, Reason) { Channel = Channel?.ToCore() };
}
