using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Api.Tests.Statements;

/// <summary>A payment or refund to write into a channel bill: a refund names the payment it refunds in
/// <see cref="RefundOf"/> and has its own (refund) transaction id.</summary>
/// <param name="TransactionId">The channel's transaction id (a refund: its refund id).</param>
/// <param name="MerchantOrderNumber">The merchant order number (a refund: the original payment's).</param>
/// <param name="Time">When, in China Standard Time.</param>
/// <param name="Amount">The amount, positive.</param>
/// <param name="Fee">The fee, zero or more (a refund: the fee returned).</param>
/// <param name="RefundOf">For a refund, the transaction id of the payment refunded.</param>
public sealed record StatementEntry(string TransactionId, string MerchantOrderNumber, LocalDateTime Time, Money Amount, Money Fee, string? RefundOf = null)
{
    /// <summary>Whether it is a refund.</summary>
    public bool IsRefund => RefundOf is not null;
}

/// <summary>A bank statement line to write.</summary>
/// <param name="Time">When (the time of day is written only with <see cref="BankCsvOptions.WithTime"/>).</param>
/// <param name="SignedAmount">The amount: positive in, negative out.</param>
/// <param name="Counterparty">The other party.</param>
/// <param name="Reference">The bank's serial number, or <c>null</c> to leave it blank.</param>
/// <param name="Memo">The memo.</param>
public sealed record BankEntry(LocalDateTime Time, Money SignedAmount, string? Counterparty, string? Reference, string? Memo = null);

/// <summary>How to write (or spoil) a channel bill.</summary>
public sealed record StatementFileOptions
{
    /// <summary>Write a first total one fen off (WeChat: 应结订单总金额; Alipay: 交易合计's 商家实收).</summary>
    public bool CorruptTotals { get; init; }

    /// <summary>Leave out the summary (WeChat) or the end of the list and the totals (Alipay).</summary>
    public bool Truncate { get; init; }

    /// <summary>Write the entry at this index twice (the totals count both, as the channel's own would).</summary>
    public int? DuplicateRow { get; init; }

    /// <summary>Alipay: zip the detail and a summary file as Alipay delivers them.</summary>
    public bool Zip { get; init; }

    /// <summary>Alipay: write UTF-8 instead of GBK (a wrong encoding).</summary>
    public bool Utf8 { get; init; }
}

/// <summary>How to write a bank statement.</summary>
public sealed record BankCsvOptions
{
    /// <summary>One signed amount column instead of money in and money out.</summary>
    public bool Signed { get; init; }

    /// <summary>A running balance column, starting from this opening balance; <c>null</c> for none.</summary>
    public Money? OpeningBalance { get; init; }

    /// <summary>Write the balance of the entry at this index one fen off.</summary>
    public int? BreakBalanceAt { get; init; }

    /// <summary>A time-of-day column.</summary>
    public bool WithTime { get; init; }

    /// <summary>GBK instead of UTF-8.</summary>
    public bool Gbk { get; init; }

    /// <summary>Title lines before the header.</summary>
    public int TitleLines { get; init; }
}
