namespace CommunityFund.Community;

/// <summary>
/// The voucher (凭据) a donor of services gives: an invoice or a similar document stating what the service is worth.
/// Under the revised 民非 system a donated service is recognised only on such a voucher, at its amount, and only when
/// that amount reflects the service's fair value (ADR 0021). Immutable.
/// </summary>
/// <param name="Reference">The voucher's number or file reference (发票号码, agreement number).</param>
/// <param name="Amount">The amount the voucher states, in CNY.</param>
/// <param name="ReflectsFairValue">The organisation judged that the stated amount reflects the service's fair value
/// (no material gap to what the service would cost on the market).</param>
public sealed record DonatedServiceVoucher(string Reference, Money Amount, bool ReflectsFairValue)
{
    /// <summary><c>true</c> when the voucher names a reference and states a positive CNY amount.</summary>
    public bool IsComplete => !string.IsNullOrWhiteSpace(Reference) && Amount is { HasCurrency: true, IsPositive: true } && Amount.Currency == Currency.CNY;
}
