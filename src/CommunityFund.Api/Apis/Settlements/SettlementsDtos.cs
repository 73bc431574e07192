using CommunityFund.Economy;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>A settlement statement.</summary>
public sealed record StatementDto(string Id, string Provider, string Counterparty, string Period, SettlementStatus Status, Money Amount, string? InvoiceReference, Guid? SettlementJournal, IReadOnlyList<StatementItemDto> Items)
{
    /// <summary><c>true</c> for a repayment by the counterparty (negative amount, settled by its own journal).</summary>
    public bool IsRepayment { get; init; }

    /// <summary>The output VAT the amount includes (the hub's invoice VAT when the hub has a VAT status, else zero): the
    /// sum of the items' VAT.</summary>
    public Money Vat { get; init; } = Money.Zero(Currency.CNY);

    /// <summary>Maps a statement.</summary>
    public static StatementDto FromCore(SettlementStatement s) => new(
        s.Id, s.Provider.Value, s.CounterpartyEntity.Value, $"{s.Period.Year:0000}-{s.Period.Month:00}", s.Status.ToWire(), s.Amount, s.InvoiceReference, s.SettlementJournal?.Value,
        [.. s.Items.Select(i => new StatementItemDto(i.Sale.Value, i.Journal.Value, i.Date, Money.FromMinorUnits(i.AmountMinorUnits, Currency.CNY)) { Clawback = i.Clawback, Vat = Money.FromMinorUnits(i.VatMinorUnits, Currency.CNY) })])
    {
        IsRepayment = s.IsRepayment,
        Vat = s.Vat,
    };
}

/// <summary>An item of a statement: a share accrued (positive) or reversed (negative).</summary>
public sealed record StatementItemDto(Guid Sale, Guid Journal, LocalDate Date, Money Amount)
{
    /// <summary><c>true</c> for a share the counterparty gives back after it was billed (netted against its receivable).</summary>
    public bool Clawback { get; init; }

    /// <summary>The output VAT included in the amount (same sign; zero unless the hub has a VAT status).</summary>
    public Money Vat { get; init; } = Money.Zero(Currency.CNY);
}

/// <summary>A statement to prepare.</summary>
public sealed record PrepareStatementRequest(string Provider, string Counterparty, string Period);

/// <summary>An invoice or donation-receipt reference.</summary>
public sealed record InvoiceRequest(string Reference);

/// <summary>A settlement payment date.</summary>
public sealed record SettleRequest(LocalDate Date);

/// <summary>A repayment by the hub or the fund of the shares it owes a provider after refunds.</summary>
/// <param name="Provider">The provider repaid.</param>
/// <param name="Counterparty">The hub or community-fund entity that pays.</param>
/// <param name="Date">The payment date.</param>
public sealed record RepaymentRequest(string Provider, string Counterparty, LocalDate Date);

/// <summary>Money a payment channel paid out to an entity's bank.</summary>
/// <param name="Entity">The entity (a provider clears its own).</param>
/// <param name="Channel">weChatPay or alipay.</param>
/// <param name="Date">The date the money reached the bank.</param>
/// <param name="Amount">The gross amount leaving the in-transit account.</param>
/// <param name="Fee">The channel's fee kept back (default zero).</param>
public sealed record ClearingApiRequest(string Entity, PaymentChannel Channel, LocalDate Date, Money Amount, Money? Fee = null);
