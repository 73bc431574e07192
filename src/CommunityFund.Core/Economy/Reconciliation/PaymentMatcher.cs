using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>
/// Matches an entity's statement rows of one channel with its books, as pure functions (no store, no clock), indexed by
/// dictionaries so that 100,000 rows against 100,000 sales take one pass each. Rules, in order:
/// <list type="number">
/// <item>by payment reference — a payment row whose merchant order number or transaction id is a sale's
/// <see cref="SaleRequest.PaymentReference"/> (same entity, channel and amount);</item>
/// <item>by amount and time — same amount, the row's time within the sale's day widened by
/// <see cref="MatchOptions.ToleranceMinutes"/> on each side; one to one, earliest row first to the earliest sale;</item>
/// <item>many to one — a payment row whose amount is the sum of several sales of one resident on one day in the window;</item>
/// <item>refunds to refunds — through the refunded payment (original transaction id or merchant order number), else by amount and time;</item>
/// <item>settlement batches — a bank credit equal to the payout of one or more consecutive days of matched, unsettled
/// channel rows (Σ payments − Σ refunds − Σ fees), reaching the bank on or up to
/// <see cref="MatchOptions.SettlementWindowDays"/> days after the batch's last day.</item>
/// </list>
/// </summary>
public static class PaymentMatcher
{
    /// <summary>The channel's name in keys: <c>wechat-pay</c>, <c>alipay</c>, <c>bank</c>, <c>cash</c>.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The name.</returns>
    public static string ChannelKey(PaymentChannel channel) => channel switch
    {
        PaymentChannel.WeChatPay => "wechat-pay",
        PaymentChannel.Alipay => "alipay",
        PaymentChannel.Bank => "bank",
        _ => "cash",
    };

    /// <summary>A statement row's key, <c>{channel}:{transactionId}</c>.</summary>
    /// <param name="row">The row.</param>
    /// <returns>The key.</returns>
    public static string RowKey(StatementRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return $"{ChannelKey(row.Channel)}:{row.TransactionId}";
    }

    /// <summary>Matches what the existing matches leave open.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="channel">The channel (WeChat Pay or Alipay, whose payouts are then matched to the entity's bank
    /// credits; or Bank, whose credits are matched to sales paid by transfer).</param>
    /// <param name="book">The entity's sales and refunds (others are ignored).</param>
    /// <param name="rows">The entity's stored statement rows of the channel and of its bank (others are ignored).</param>
    /// <param name="existing">The matches already recorded (unmatched ones are ignored).</param>
    /// <param name="options">The tolerances.</param>
    /// <param name="asOf">The date ages are counted to.</param>
    /// <returns>The new matches and what is left unmatched.</returns>
    public static MatchResult Match(EntityId entity, PaymentChannel channel, IReadOnlyList<BookPayment> book, IReadOnlyList<StatementRow> rows,
        IReadOnlyList<PaymentMatch> existing, MatchOptions options, LocalDate asOf)
    {
        var proposed = 0;
        return Match(entity, channel, book, rows, existing, options, asOf, new MatchStamp(() => $"proposed-{++proposed}", null, null));
    }

    /// <summary>As <see cref="Match(EntityId, PaymentChannel, IReadOnlyList{BookPayment}, IReadOnlyList{StatementRow}, IReadOnlyList{PaymentMatch}, MatchOptions, LocalDate)"/>,
    /// each new match made with its final id, author and time (no second copy of 100,000 matches to restamp them).</summary>
    internal static MatchResult Match(EntityId entity, PaymentChannel channel, IReadOnlyList<BookPayment> book, IReadOnlyList<StatementRow> rows,
        IReadOnlyList<PaymentMatch> existing, MatchOptions options, LocalDate asOf, MatchStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(options);
        var run = new MatchRun(entity, channel, book, rows, existing, options, stamp);
        run.ByReference();
        run.ByAmountAndTime(refunds: false);
        run.ManyToOne();
        run.RefundsThroughPayments();
        run.ByAmountAndTime(refunds: true);
        run.Settlements();
        return run.Result(asOf);
    }

    /// <summary>Days from <paramref name="date"/> to <paramref name="asOf"/> (zero when later).</summary>
    /// <param name="date">The date.</param>
    /// <param name="asOf">As of.</param>
    /// <returns>The age in days.</returns>
    public static int AgeDays(LocalDate date, LocalDate asOf) => Math.Max(0, Period.DaysBetween(date, asOf));
}
