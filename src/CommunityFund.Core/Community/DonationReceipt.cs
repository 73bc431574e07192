using CommunityFund.Economy;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Community;

/// <summary>A donation to the community fund.</summary>
/// <param name="Fund">The fund entity (a community fund keeping NPO_CN books).</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Amount">The amount in CNY (for goods: their value).</param>
/// <param name="Donor">A pseudonymous donor reference.</param>
public sealed record DonationReceipt(EntityId Fund, LocalDate Date, Money Amount, string Donor)
{
    /// <summary>How the money came in (ignored for goods).</summary>
    public PaymentChannel Channel { get; init; } = PaymentChannel.Bank;

    /// <summary>The named purpose the donor restricted it to, or <c>null</c> for an unrestricted gift.</summary>
    public string? Restriction { get; init; }

    /// <summary>For a donation of goods: what, and how valued; <c>null</c> for money.</summary>
    public InKindGoods? InKind { get; init; }

    /// <summary><c>true</c> when the donor consents to be named on the community's public page (公示); anonymous there by
    /// default. Kept in the journal's metadata (<c>donation.donor_public</c>).</summary>
    public bool PublishDonor { get; init; }
}
