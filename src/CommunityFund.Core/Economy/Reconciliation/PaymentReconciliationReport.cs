using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CommunityFund.Ledger;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Economy;

/// <summary>The payment reconciliation per entity, channel and day (see <see cref="PaymentReconciliation"/>).</summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="From">The first day.</param>
/// <param name="To">The last day.</param>
/// <param name="Channel">The channel asked for, or <c>null</c> for WeChat Pay and Alipay.</param>
/// <param name="Entity">The entity asked for, or <c>null</c> for all.</param>
/// <param name="Days">The days with any movement or row, by entity, channel and date.</param>
public sealed record PaymentReconciliationReport(LedgerId Ledger, LocalDate From, LocalDate To, PaymentChannel? Channel, EntityId? Entity, ImmutableArray<PaymentReconciliationDay> Days)
{
    /// <summary>The report as CSV (RFC 4180, amounts in yuan with two decimals, one line per day).</summary>
    /// <returns>The CSV text.</returns>
    public string ToCsv()
    {
        var csv = new StringBuilder("date,entity,channel,in_transit_debits,in_transit_credits,rows,rows_amount,matched_rows,matched_amount,unmatched_rows,unmatched_rows_amount,unmatched_book,unmatched_book_amount,fees\r\n");
        foreach (var d in Days)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{LocalDatePattern.Iso.Format(d.Date)},{d.Entity},{PaymentMatcher.ChannelKey(d.Channel)},{d.InTransitDebits.ToAmountString()},{d.InTransitCredits.ToAmountString()},{d.Rows},{d.RowsAmount.ToAmountString()},{d.MatchedRows},{d.MatchedAmount.ToAmountString()},{d.UnmatchedRows},{d.UnmatchedRowsAmount.ToAmountString()},{d.UnmatchedBook},{d.UnmatchedBookAmount.ToAmountString()},{d.Fees.ToAmountString()}\r\n");
        }

        return csv.ToString();
    }
}
