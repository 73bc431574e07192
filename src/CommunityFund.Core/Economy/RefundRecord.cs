using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>One refund of a sale.</summary>
/// <param name="Journal">The refund journal.</param>
/// <param name="Date">Its accounting date.</param>
/// <param name="Amount">What was paid back (VAT included).</param>
/// <param name="Base">The part of it that was distributable revenue.</param>
/// <param name="Reversed">The distribution parts reversed (the provider's part is the revenue it keeps less).</param>
/// <param name="Absorbed">The fund part the provider absorbed instead of reversing (fund rule <see cref="FundRefundRule.AbsorbedByProvider"/>).</param>
public sealed record RefundRecord(JournalId Journal, LocalDate Date, Money Amount, Money Base, SharePartition Reversed, long Absorbed)
{
    /// <summary>The hub part that reduces the provider's payable and so appears, negative, on the next hub statement
    /// (zero when it became a clawback receivable instead).</summary>
    public long HubStatementItem { get; init; }

    /// <summary>The fund part that reduces the provider's payable and so appears, negative, on the next fund statement.</summary>
    public long FundStatementItem { get; init; }

    /// <summary>The hub part given back after the sale's hub share was already on a statement: the hub owes it to the
    /// provider (provider 其他应收款 / hub 其他应付款) until a later statement nets it or the hub repays it.</summary>
    public long HubClawback { get; init; }

    /// <summary>The fund part owed back after the sale's fund share was already on a statement (policy rule
    /// <see cref="FundRefundRule.OffsetAgainstLaterAccruals"/>): the fund owes it to the provider until a later statement
    /// offsets it or the fund repays it.</summary>
    public long FundClawback { get; init; }

    /// <summary>The hub's output VAT reversed with its part, in fen (zero when the hub has no VAT status): the sale's hub
    /// VAT in proportion to the hub part reversed so far, so the refunds together never reverse more than was charged.</summary>
    public long HubVatReversed { get; init; }
}
