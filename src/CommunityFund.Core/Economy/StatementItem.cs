using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>One item of a statement: a distributed share (positive) or a share reversed by a refund (negative).</summary>
/// <param name="Sale">The sale.</param>
/// <param name="Journal">The distribution or refund journal.</param>
/// <param name="Date">Its date.</param>
/// <param name="AmountMinorUnits">The share in fen: positive when accrued, negative when reversed.</param>
public sealed record StatementItem(SaleId Sale, JournalId Journal, LocalDate Date, long AmountMinorUnits)
{
    /// <summary><c>true</c> for a share given back after it was already on a statement (negative): the counterparty owes
    /// it to the provider (a clawback receivable), so settling it nets that receivable instead of the payable.</summary>
    public bool Clawback { get; init; }

    /// <summary>The output VAT included in the amount, in fen (same sign): on a hub statement when the hub has a VAT
    /// status, else zero. The statement's invoice VAT is the sum over its items.</summary>
    public long VatMinorUnits { get; init; }
}
