using NodaTime;

namespace CommunityFund.Economy;

/// <summary>A refund of part or all of a sale.</summary>
/// <param name="Sale">The sale.</param>
/// <param name="Amount">How much is paid back (VAT included), at most what is still refundable.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Reason">Why.</param>
public sealed record RefundRequest(SaleId Sale, Money Amount, LocalDate Date, string Reason)
{
    /// <summary>How the money goes back to the resident; <c>null</c> for the sale's own channel. Once a channel has paid
    /// its money out to the bank (a clearing), a refund is paid by bank transfer or cash instead; one that overdraws an
    /// account shows in the audit as <c>cash.in_credit</c>.</summary>
    public PaymentChannel? Channel { get; init; }
}
