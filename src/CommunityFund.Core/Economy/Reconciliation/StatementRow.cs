using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>
/// One row of an external statement — a WeChat Pay or Alipay merchant bill, or a bank statement — as the channel or
/// the bank reports it, for one entity's account. Amounts are exact and positive; the kind says the direction. A row is
/// identified by its channel and <see cref="TransactionId"/>: importing it again adds nothing.
/// </summary>
/// <param name="Entity">The entity whose merchant or bank account the statement is for.</param>
/// <param name="Channel">The channel: <see cref="PaymentChannel.WeChatPay"/>, <see cref="PaymentChannel.Alipay"/> or <see cref="PaymentChannel.Bank"/>.</param>
/// <param name="TransactionId">The channel's transaction id (a refund row: its refund id; a bank row: the bank's reference or serial number).</param>
/// <param name="Time">When the channel or bank recorded it, in the ledger's time zone (China Standard Time in the bills).</param>
/// <param name="Kind">Payment, refund, bank credit or bank debit.</param>
/// <param name="Amount">The gross amount, positive.</param>
/// <param name="Fee">The channel's fee (手续费) on this row, zero or more (a refund's fee is the part returned, also positive).</param>
/// <param name="Line">The line of the file the row was read from (for problems and the report).</param>
public sealed record StatementRow(EntityId Entity, PaymentChannel Channel, string TransactionId, LocalDateTime Time, StatementRowKind Kind, Money Amount, Money Fee, int Line)
{
    /// <summary>The merchant order number (商户订单号) the payment was made under: the sale's payment reference when the
    /// provider's till set it; for a refund, the original payment's.</summary>
    public string? MerchantOrderNumber { get; init; }

    /// <summary>For a refund row, the channel transaction id of the payment refunded.</summary>
    public string? OriginalTransactionId { get; init; }

    /// <summary>The counterparty as the statement names it (a bank row's payer, such as 财付通 for a WeChat Pay payout).</summary>
    public string? Counterparty { get; init; }

    /// <summary>A bank row's memo or reference text (摘要 / 附言), if any.</summary>
    public string? Memo { get; init; }

    /// <summary>A bank row's running balance after it, when the statement gives one.</summary>
    public Money? Balance { get; init; }

    /// <summary>The SHA-256 (hex) of the file the row came from.</summary>
    public string SourceFile { get; init; } = string.Empty;
}
