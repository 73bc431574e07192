using CommunityFund.Ledger;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using CommunityFund.Api.Imports.Statements;

namespace CommunityFund.Api.Tests.Statements;

/// <summary>
/// Writes statement files byte for byte as the channels and a bank deliver them — a WeChat Pay trade bill (UTF-8 with a
/// byte-order mark, backticks, summary lines), an Alipay trade bill (GBK, # header and footer lines, optionally zipped)
/// and a bank CSV — for test data owned by the tests (no real merchant data). Independent of any ledger.
/// </summary>
public static class StatementFileWriter
{
    /// <summary>The WeChat Pay detail header (bill_type ALL, merchants since 2018).</summary>
    public const string WeChatHeader = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";

    /// <summary>The Alipay 业务明细 column row.</summary>
    public const string AlipayHeader = "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注";

    /// <summary>What the writers put in 商品名称 (read back as the rows' memo).</summary>
    public const string Goods = "物业服务套餐";

    /// <summary>What the Alipay writer puts in 对方账户 (read back as the rows' counterparty).</summary>
    public const string AlipayBuyer = "res***@example.org";

    private static readonly Encoding Utf8Bom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    /// <summary>The GBK encoding (code page 936).</summary>
    public static Encoding Gbk { get; } = CodePagesEncodingProvider.Instance.GetEncoding(936)!;

    /// <summary>A WeChat Pay trade bill of the entries.</summary>
    /// <param name="entries">Payments and refunds.</param>
    /// <param name="options">Spoilers.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] WeChatBill(IEnumerable<StatementEntry> entries, StatementFileOptions? options = null)
    {
        options ??= new StatementFileOptions();
        var rows = Expand(entries, options);
        var text = new StringBuilder().Append(WeChatHeader).Append("\r\n");
        long settled = 0, refunded = 0, fees = 0, ordered = 0;
        foreach (var e in rows)
        {
            var fee = e.IsRefund ? -e.Fee.MinorUnits : e.Fee.MinorUnits;
            string[] cells =
            [
                Time(e), "wx0000000000000000", "1900000109", "", "", e.RefundOf ?? e.TransactionId, e.MerchantOrderNumber, "oTestOpenId0000000000000000",
                "JSAPI", e.IsRefund ? "REFUND" : "SUCCESS", "OTHERS", "CNY", e.IsRefund ? "0.00" : Yuan(e.Amount.MinorUnits), "0.00",
                e.IsRefund ? e.TransactionId : "0", e.IsRefund ? "R" + e.MerchantOrderNumber : "0", e.IsRefund ? Yuan(e.Amount.MinorUnits) : "0.00", "0.00",
                e.IsRefund ? "ORIGINAL" : "", e.IsRefund ? "SUCCESS" : "", Goods, "", Fee5(fee), "0.60%", e.IsRefund ? "0.00" : Yuan(e.Amount.MinorUnits),
                e.IsRefund ? Yuan(e.Amount.MinorUnits) : "0.00", "",
            ];
            text.Append(string.Join(',', cells.Select(c => "`" + c))).Append("\r\n");
            settled += e.IsRefund ? 0 : e.Amount.MinorUnits;
            refunded += e.IsRefund ? e.Amount.MinorUnits : 0;
            fees += fee;
        }

        ordered = settled;
        if (!options.Truncate)
        {
            text.Append("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n");
            var counted = rows.Count.ToString(CultureInfo.InvariantCulture);
            var totals = new[] { counted, Yuan(settled + (options.CorruptTotals ? 1 : 0)), Yuan(refunded), "0.00", Fee5(fees), Yuan(ordered), Yuan(refunded) };
            text.Append(string.Join(',', totals.Select(c => "`" + c))).Append("\r\n");
        }

        return [.. Utf8Bom.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>An Alipay trade bill's detail (…_业务明细.csv) of the entries, in GBK, or zipped with its summary file.</summary>
    /// <param name="entries">Payments and refunds.</param>
    /// <param name="options">Spoilers, zip and encoding.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] AlipayBill(IEnumerable<StatementEntry> entries, StatementFileOptions? options = null)
    {
        options ??= new StatementFileOptions();
        var rows = Expand(entries, options);
        var text = new StringBuilder()
            .Append("#支付宝业务明细查询\r\n#账号：[20880000000000000156]\r\n#起始日期：[2026年11月01日 00:00:00]   终止日期：[2026年11月02日 00:00:00]\r\n")
            .Append("#-----------------------------------------业务明细列表----------------------------------------\r\n")
            .Append(AlipayHeader).Append("\r\n");
        (int Count, long Sum) trades = (0, 0), refunds = (0, 0);
        foreach (var e in rows)
        {
            var received = e.IsRefund ? -e.Amount.MinorUnits : e.Amount.MinorUnits;
            string[] cells =
            [
                e.RefundOf ?? e.TransactionId, e.MerchantOrderNumber, e.IsRefund ? "退款" : "交易", Goods, Time(e), Time(e), "", "", "", "", AlipayBuyer,
                Yuan(received), Yuan(received), "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00", "0.00", e.IsRefund ? e.TransactionId : "",
                Yuan(e.IsRefund ? e.Fee.MinorUnits : -e.Fee.MinorUnits), "0.00", "",
            ];
            text.Append(string.Join(',', cells.Select(c => c + "\t"))).Append("\r\n");
            if (e.IsRefund)
            {
                refunds = (refunds.Count + 1, refunds.Sum + received);
            }
            else
            {
                trades = (trades.Count + 1, trades.Sum + received);
            }
        }

        if (!options.Truncate)
        {
            text.Append("#-----------------------------------------业务明细列表结束------------------------------------\r\n")
                .Append(CultureInfo.InvariantCulture, $"#交易合计：{trades.Count}笔，商家实收共{Yuan(trades.Sum + (options.CorruptTotals ? 1 : 0))}元，商家优惠共0.00元\r\n")
                .Append(CultureInfo.InvariantCulture, $"#退款合计：{refunds.Count}笔，商家实收退款共{Yuan(refunds.Sum)}元，商家优惠退款共0.00元\r\n")
                .Append("#导出时间：[2026年11月02日 10:00:00]\r\n");
        }

        var bytes = (options.Utf8 ? Encoding.UTF8 : Gbk).GetBytes(text.ToString());
        return options.Zip ? Zipped(bytes, Gbk.GetBytes($"#支付宝业务汇总查询\r\n#交易合计：{trades.Count}笔\r\n")) : bytes;
    }

    /// <summary>A bank CSV statement of the entries, and the mapping that reads it.</summary>
    /// <param name="entries">The lines, oldest first.</param>
    /// <param name="options">Columns and spoilers.</param>
    /// <returns>The file's bytes and its mapping.</returns>
    public static (byte[] Bytes, BankColumnMapping Mapping) BankCsv(IEnumerable<BankEntry> entries, BankCsvOptions? options = null)
    {
        options ??= new BankCsvOptions();
        var text = new StringBuilder();
        for (var i = 0; i < options.TitleLines; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"示例银行账户明细 第{i + 1}行\r\n");
        }

        var amounts = options.Signed ? "交易金额" : "收入金额,支出金额";
        text.Append($"交易日期{(options.WithTime ? ",交易时间" : "")},{amounts},对方户名,流水号,摘要{(options.OpeningBalance is null ? "" : ",余额")}\r\n");
        var balance = options.OpeningBalance?.MinorUnits ?? 0;
        var index = 0;
        foreach (var e in entries)
        {
            var minor = e.SignedAmount.MinorUnits;
            balance += minor;
            var money = options.Signed ? Yuan(minor) : minor > 0 ? Yuan(minor) + "," : "," + Yuan(-minor);
            var time = options.WithTime ? "," + e.Time.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "";
            var shown = options.OpeningBalance is null ? "" : "," + Yuan(balance + (options.BreakBalanceAt == index ? 1 : 0));
            text.Append(CultureInfo.InvariantCulture, $"{e.Time.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{time},{money},{e.Counterparty},{e.Reference},{e.Memo}{shown}\r\n");
            index++;
        }

        var mapping = new BankColumnMapping("交易日期")
        {
            Time = options.WithTime ? "交易时间" : null,
            SignedAmount = options.Signed ? "交易金额" : null,
            AmountIn = options.Signed ? null : "收入金额",
            AmountOut = options.Signed ? null : "支出金额",
            Counterparty = "对方户名",
            Reference = "流水号",
            Memo = "摘要",
            Balance = options.OpeningBalance is null ? null : "余额",
            Encoding = options.Gbk ? BankFileEncoding.Gbk : BankFileEncoding.Utf8,
            SkipLines = options.TitleLines,
        };
        return ((options.Gbk ? Gbk : new UTF8Encoding(false)).GetBytes(text.ToString()), mapping);
    }

    private static List<StatementEntry> Expand(IEnumerable<StatementEntry> entries, StatementFileOptions options)
    {
        var rows = entries.ToList();
        if (options.DuplicateRow is { } i)
        {
            rows.Insert(i + 1, rows[i]);
        }

        return rows;
    }

    private static byte[] Zipped(byte[] detail, byte[] summary)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Gbk))
        {
            foreach (var (name, bytes) in new[] { ("20880000000000000156_20261101_业务明细(汇总).csv", summary), ("20880000000000000156_20261101_业务明细.csv", detail) })
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    private static string Time(StatementEntry e) => e.Time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Yuan(long fen) => Money.FromMinorUnits(fen, Currency.CNY).ToAmountString();

    private static string Fee5(long fen) => Yuan(fen) + "000";
}
