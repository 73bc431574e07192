using System.Globalization;
using System.Text.RegularExpressions;
using CommunityFund.Economy;
using CommunityFund.Ledger;

namespace CommunityFund.Api.Imports.Statements;

/// <summary>
/// Reads an Alipay trade bill's detail (…_业务明细.csv): GBK CSV, <c>#</c> lines (支付宝业务明细查询, 账号, 起始日期, the
/// start of the list), the column row (支付宝交易号,…), the rows, then <c>#</c> lines: the end of the list
/// (业务明细列表结束), the totals (#交易合计：N笔，商家实收共X元… and #退款合计：M笔，商家实收退款共-Y元…) and the export
/// time. The totals are checked against the rows. docs/reconciliation.md describes the columns used.
/// </summary>
internal static partial class AlipayBill
{
    /// <summary>The first column of the column row.</summary>
    internal const string HeaderMarker = "支付宝交易号";

    /// <summary>The text of the line that ends the rows.</summary>
    internal const string EndMarker = "业务明细列表结束";

    private const string Received = "商家实收（元）";
    private const string Fee = "服务费（元）";
    private const string RefundId = "退款批次号/请求号";

    /// <summary>Reads the bill's rows into the context.</summary>
    /// <param name="csv">The file.</param>
    /// <param name="context">The rows and problems.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    internal static async Task ReadAsync(StatementCsv csv, StatementContext context, CancellationToken cancellationToken)
    {
        StatementHeader? header = null;
        var footer = new List<(int Line, string Text)>();
        var sums = new (int Count, long Sum)[2];
        while (await csv.ReadAsync(cancellationToken).ConfigureAwait(false) is { } record)
        {
            var first = record.Cells[0].Trim();
            if (first.StartsWith('#'))
            {
                if (header is not null)
                {
                    footer.Add((record.Line, string.Join(',', record.Cells)));
                }
            }
            else if (header is null)
            {
                if (first != HeaderMarker)
                {
                    context.Add(record.Line, null, StatementErrorCodes.Malformed, $"Line {record.Line} is neither a # line nor the column row ({HeaderMarker},…).");
                    return;
                }

                header = new StatementHeader(record.Line, record.Cells);
                if (!header.Require(context, HeaderMarker, "商户订单号", "业务类型", "完成时间", Received, Fee, RefundId))
                {
                    return;
                }
            }
            else if (footer.Count > 0)
            {
                context.Add(record.Line, null, StatementErrorCodes.Malformed, $"Line {record.Line} is a row after the # lines that end the list (line {footer[0].Line}).");
            }
            else if (header.Fits(context, record.Line, record.Cells))
            {
                Row(header, record.Line, record.Cells, context, sums);
            }
        }

        CheckFooter(header, footer, csv.LastLine, context, sums);
    }

    private static void Row(StatementHeader header, int line, string[] cells, StatementContext context, (int Count, long Sum)[] sums)
    {
        var problems = context.Problems.Count;
        var type = header.Cell(cells, "业务类型");
        var refund = type == "退款";
        if (!refund && type != "交易")
        {
            context.Add(line, "业务类型", StatementErrorCodes.Malformed, $"业务类型 '{type}' is not read: only 交易 (a payment) and 退款 (a refund) are.");
            return;
        }

        var time = header.Time(context, line, cells, header.Cell(cells, "完成时间") is null && header.Has("创建时间") ? "创建时间" : "完成时间");
        var idColumn = refund ? RefundId : HeaderMarker;
        var id = header.Cell(cells, idColumn);
        if (id is null)
        {
            context.Add(line, idColumn, StatementErrorCodes.Malformed, $"The row has no {idColumn}.");
        }

        var received = context.Amount(line, Received, header.Cell(cells, Received));
        var fee = context.Amount(line, Fee, header.Cell(cells, Fee) ?? "0");
        if (received is { } r)
        {
            sums[refund ? 1 : 0] = (sums[refund ? 1 : 0].Count + 1, sums[refund ? 1 : 0].Sum + r.MinorUnits);
            if (refund ? !r.IsNegative : !r.IsPositive)
            {
                context.Add(line, Received, StatementErrorCodes.AmountInvalid, refund ? "A refund's 商家实收 is negative." : "A payment's 商家实收 is more than zero.");
            }
        }

        if (context.Problems.Count > problems || time is null || id is null || received is null || fee is null)
        {
            return;
        }

        context.Keep(new StatementRow(context.Entity, PaymentChannel.Alipay, id, time.Value, refund ? StatementRowKind.Refund : StatementRowKind.Payment, received.Value.Abs(), fee.Value.Abs(), line)
        {
            MerchantOrderNumber = header.Cell(cells, "商户订单号"),
            OriginalTransactionId = refund ? header.Cell(cells, HeaderMarker) : null,
            Counterparty = header.Cell(cells, "对方账户"),
            Memo = header.Cell(cells, "商品名称"),
        });
    }

    private static void CheckFooter(StatementHeader? header, List<(int Line, string Text)> footer, int lastLine, StatementContext context, (int Count, long Sum)[] sums)
    {
        if (header is null)
        {
            context.Add(lastLine, HeaderMarker, StatementErrorCodes.Malformed, $"The file has no column row ({HeaderMarker},…).");
            return;
        }

        var end = footer.FindIndex(f => f.Text.Contains(EndMarker, StringComparison.Ordinal));
        var trades = footer.FindIndex(f => f.Text.StartsWith("#交易合计", StringComparison.Ordinal));
        var refunds = footer.FindIndex(f => f.Text.StartsWith("#退款合计", StringComparison.Ordinal));
        if (end < 0 || trades < 0)
        {
            context.Add(lastLine, null, StatementErrorCodes.Truncated, $"The bill ends at line {lastLine} without {(end < 0 ? "the end of its list (#…" + EndMarker + "…)" : "its totals (#交易合计…)")}: it is truncated.");
            return;
        }

        if (context.Problems.Count > 0)
        {
            return;
        }

        CheckTotal(footer[trades], "交易合计", sums[0], context);
        CheckTotal(refunds < 0 ? (footer[trades].Line, "#退款合计：0笔，商家实收共0.00元") : footer[refunds], "退款合计", sums[1], context);
    }

    private static void CheckTotal((int Line, string Text) total, string name, (int Count, long Sum) rows, StatementContext context)
    {
        var count = CountPattern().Match(total.Text);
        var amount = ReceivedPattern().Match(total.Text);
        if (!count.Success || !amount.Success)
        {
            context.Add(total.Line, name, StatementErrorCodes.Malformed, $"Line {total.Line} ('{total.Text}') does not give a count (N笔) and 商家实收 (X元).");
            return;
        }

        if (int.Parse(count.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture) != rows.Count)
        {
            context.Add(total.Line, name, StatementErrorCodes.TotalsMismatch, $"{name} on line {total.Line} counts {count.Groups[1].Value}笔 but the bill has {rows.Count} such rows.");
        }

        if (context.Amount(total.Line, name, amount.Groups[1].Value) is { } stated && stated.MinorUnits != rows.Sum)
        {
            context.Add(total.Line, name, StatementErrorCodes.TotalsMismatch,
                $"{name} on line {total.Line} gives 商家实收 {stated.ToAmountString()} but the rows sum to {Money.FromMinorUnits(rows.Sum, Currency.CNY).ToAmountString()}.");
        }
    }

    [GeneratedRegex(@"(\d+)笔")]
    private static partial Regex CountPattern();

    [GeneratedRegex(@"商家实收[^0-9\-]*(-?[0-9]+(?:\.[0-9]+)?)元")]
    private static partial Regex ReceivedPattern();
}
