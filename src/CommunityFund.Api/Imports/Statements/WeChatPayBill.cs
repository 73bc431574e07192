using System.Globalization;
using CommunityFund.Economy;
using CommunityFund.Ledger;

namespace CommunityFund.Api.Imports.Statements;

/// <summary>
/// Reads a WeChat Pay merchant trade bill (交易账单, bill_type ALL) as the merchant platform and <c>/pay/downloadbill</c>
/// give it: UTF-8 CSV, the detail header, detail rows whose every field starts with a backtick, then the summary header
/// (总交易单数,…) and one line of totals, checked against the rows. docs/reconciliation.md describes the columns used.
/// </summary>
internal static class WeChatPayBill
{
    /// <summary>The first column of the summary header.</summary>
    internal const string SummaryMarker = "总交易单数";

    /// <summary>The summary's amount totals and the detail column each sums (all rows; fees signed, negative on refunds).</summary>
    internal static readonly (string Total, string Column)[] SummedColumns =
    [
        ("应结订单总金额", "应结订单金额"),
        ("退款总金额", "退款金额"),
        ("充值券退款总金额", "充值券退款金额"),
        ("手续费总金额", "手续费"),
        ("订单总金额", "订单金额"),
        ("申请退款总金额", "申请退款金额"),
    ];

    /// <summary>Reads the bill's rows into the context.</summary>
    /// <param name="csv">The file.</param>
    /// <param name="context">The rows and problems.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    internal static async Task ReadAsync(StatementCsv csv, StatementContext context, CancellationToken cancellationToken)
    {
        if (await csv.ReadAsync(cancellationToken).ConfigureAwait(false) is not { } first)
        {
            context.Add(1, null, StatementErrorCodes.Truncated, "The file is empty.");
            return;
        }

        var header = new StatementHeader(first.Line, first.Cells);
        if (!header.Require(context, "交易时间", "微信订单号", "商户订单号", "交易状态", "应结订单金额", "微信退款单号", "退款金额", "手续费"))
        {
            return;
        }

        var sums = new long[SummedColumns.Length];
        var count = 0;
        while (await csv.ReadAsync(cancellationToken).ConfigureAwait(false) is { } record)
        {
            if (record.Cells[0].Trim() == SummaryMarker)
            {
                await CheckSummaryAsync(csv, context, new StatementHeader(record.Line, record.Cells), (count, sums), cancellationToken).ConfigureAwait(false);
                return;
            }

            count++;
            if (header.Fits(context, record.Line, record.Cells))
            {
                Sum(header, record.Cells, sums);
                Row(header, record.Line, record.Cells, context);
            }
        }

        context.Add(csv.LastLine, null, StatementErrorCodes.Truncated, $"The bill ends at line {csv.LastLine} without its summary ({SummaryMarker},…): it is truncated.");
    }

    private static void Sum(StatementHeader header, string[] cells, long[] sums)
    {
        for (var i = 0; i < SummedColumns.Length; i++)
        {
            if (StatementAmounts.TryParse(header.Cell(cells, SummedColumns[i].Column) ?? "0", out var money, out _))
            {
                sums[i] += money.MinorUnits;
            }
        }
    }

    private static void Row(StatementHeader header, int line, string[] cells, StatementContext context)
    {
        var problems = context.Problems.Count;
        var time = header.Time(context, line, cells, "交易时间");
        var status = header.Cell(cells, "交易状态");
        var refund = status == "REFUND";
        if (!refund && status != "SUCCESS")
        {
            context.Add(line, "交易状态", StatementErrorCodes.Malformed, $"交易状态 '{status}' is not read: only SUCCESS (a payment) and REFUND (a refund) are.");
            return;
        }

        var idColumn = refund ? "微信退款单号" : "微信订单号";
        var id = header.Cell(cells, idColumn);
        if (id is null)
        {
            context.Add(line, idColumn, StatementErrorCodes.Malformed, $"The row has no {idColumn}.");
        }

        var amountColumn = refund ? "退款金额" : "应结订单金额";
        var amount = context.Amount(line, amountColumn, header.Cell(cells, amountColumn));
        var fee = context.Amount(line, "手续费", header.Cell(cells, "手续费") ?? "0");
        if (amount is { IsPositive: false })
        {
            context.Add(line, amountColumn, StatementErrorCodes.AmountInvalid, $"{amountColumn} must be more than zero.");
        }

        if (fee is { } f && (refund ? f.IsPositive : f.IsNegative))
        {
            context.Add(line, "手续费", StatementErrorCodes.AmountInvalid, refund ? "A refund's 手续费 (the fee returned) is zero or negative." : "A payment's 手续费 is zero or positive.");
        }

        if (context.Problems.Count > problems || time is null || id is null || amount is null || fee is null)
        {
            return;
        }

        context.Keep(new StatementRow(context.Entity, PaymentChannel.WeChatPay, id, time.Value, refund ? StatementRowKind.Refund : StatementRowKind.Payment, amount.Value, fee.Value.Abs(), line)
        {
            MerchantOrderNumber = header.Cell(cells, "商户订单号"),
            OriginalTransactionId = refund ? header.Cell(cells, "微信订单号") : null,
            Memo = header.Cell(cells, "商品名称"),
        });
    }

    private static async Task CheckSummaryAsync(StatementCsv csv, StatementContext context, StatementHeader summary, (int Count, long[] Sums) read, CancellationToken cancellationToken)
    {
        if (await csv.ReadAsync(cancellationToken).ConfigureAwait(false) is not { } totals)
        {
            context.Add(summary.Line, null, StatementErrorCodes.Truncated, $"The summary header (line {summary.Line}) has no line of totals after it: the bill is truncated.");
            return;
        }

        if (await csv.ReadAsync(cancellationToken).ConfigureAwait(false) is { } extra)
        {
            context.Add(extra.Line, null, StatementErrorCodes.Malformed, $"Line {extra.Line} comes after the summary's totals (line {totals.Line}); a bill ends there.");
        }

        if (context.Problems.Count > 0)
        {
            return; // the rows are already refused; their sums say nothing more
        }

        var countText = summary.Cell(totals.Cells, SummaryMarker);
        if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count != read.Count)
        {
            context.Add(totals.Line, SummaryMarker, StatementErrorCodes.TotalsMismatch, $"{SummaryMarker} on line {totals.Line} is '{countText}' but the bill has {read.Count} rows.");
        }

        for (var i = 0; i < SummedColumns.Length; i++)
        {
            var (total, column) = SummedColumns[i];
            if (summary.Has(total) && context.Amount(totals.Line, total, summary.Cell(totals.Cells, total) ?? "0") is { } stated && stated.MinorUnits != read.Sums[i])
            {
                var sum = Money.FromMinorUnits(read.Sums[i], Currency.CNY).ToAmountString();
                context.Add(totals.Line, total, StatementErrorCodes.TotalsMismatch, $"{total} on line {totals.Line} is {stated.ToAmountString()} but the rows' {column} sum to {sum}.");
            }
        }
    }
}
