using System.Globalization;
using CommunityFund.Reports;

namespace CommunityFund.Economy;

/// <summary>The schedule of amounts owed to the community fund as CSV, in the style of <see cref="CsvExports"/>.</summary>
public static class FundReceivablesCsv
{
    /// <summary>Writes the schedule of amounts owed to the community fund (ADR 0011): one row per provider, fund and month
    /// outstanding, then one <c>total</c> row per provider and fund with its buckets, the payable in its books and whether
    /// they agree.</summary>
    /// <param name="report">The schedule.</param>
    /// <param name="writer">Where to write.</param>
    /// <returns>A task.</returns>
    public static async Task WriteAsync(FundReceivablesReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        await CsvExports.WriteRowAsync(writer, "as_of", "provider", "fund", "month", "aged_from", "age_days", "bucket", "accrued", "reversed", "received", "credit_applied", "outstanding",
            "days_0_30", "days_31_90", "over_90_days", "unapplied_credit", "payable_in_books", "agrees").ConfigureAwait(false);
        var asOf = Date(report.AsOf);
        foreach (var row in report.Rows)
        {
            var amount = row.Outstanding.ToAmountString();
            await CsvExports.WriteRowAsync(writer, asOf, row.Provider.Value, row.Fund.Value, $"{row.Month.Year:0000}-{row.Month.Month:00}", Date(row.AgedFrom),
                row.AgeDays.ToString(CultureInfo.InvariantCulture), BucketName(row.Bucket), row.Accrued.ToAmountString(), row.Reversed.ToAmountString(),
                row.Received.ToAmountString(), row.CreditApplied.ToAmountString(), amount,
                row.Bucket == AgeBucket.Days0To30 ? amount : string.Empty, row.Bucket == AgeBucket.Days31To90 ? amount : string.Empty,
                row.Bucket == AgeBucket.Over90Days ? amount : string.Empty, string.Empty, string.Empty, string.Empty).ConfigureAwait(false);
        }

        foreach (var total in report.Totals)
        {
            await CsvExports.WriteRowAsync(writer, asOf, total.Provider.Value, total.Fund.Value, "total", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty,
                total.Outstanding.ToAmountString(), total.Days0To30.ToAmountString(), total.Days31To90.ToAmountString(), total.Over90Days.ToAmountString(),
                total.UnappliedCredit.ToAmountString(), total.PayableInBooks.ToAmountString(), total.Agrees ? "yes" : "no").ConfigureAwait(false);
        }

        await writer.FlushAsync().ConfigureAwait(false);
    }

    private static string Date(NodaTime.LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string BucketName(AgeBucket bucket) => bucket switch
    {
        AgeBucket.Days0To30 => "0-30",
        AgeBucket.Days31To90 => "31-90",
        _ => "over 90",
    };
}
