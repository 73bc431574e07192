using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using CommunityFund.Api.Imports.Statements;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using NodaTime;
using Xunit.Abstractions;

namespace CommunityFund.Api.Tests.Statements;

/// <summary>Reading WeChat Pay and Alipay trade bills and bank statements: round trips through
/// <see cref="StatementFileWriter"/>, and every refusal with its code and line.</summary>
public sealed class StatementFileTests(ITestOutputHelper output)
{
    internal static readonly EntityId Entity = EntityId.From("fund");

    private static readonly LocalDateTime Monday = new(2026, 11, 2, 9, 30, 0);

    internal static List<StatementEntry> Sample() =>
    [
        new("4200000001202611020000000001", "SALE-0001", Monday, Yuan(12000), Yuan(72)),
        new("4200000001202611020000000002", "SALE-0002", Monday.PlusMinutes(5), Yuan(3550), Yuan(21)),
        new("50300000012026110200000001", "SALE-0001", Monday.PlusHours(2), Yuan(2000), Yuan(12), RefundOf: "4200000001202611020000000001"),
        new("4200000001202611020000000003", "SALE-0003", Monday.PlusHours(3), Yuan(1), Yuan(0)),
    ];

    [Fact]
    public async Task WeChatBill_RoundTrips_PaymentsRefundsFeesAndTotals()
    {
        var bytes = StatementFileWriter.WeChatBill(Sample());

        var result = await Read(bytes, PaymentChannel.WeChatPay);

        Assert.Empty(result.Problems);
        Assert.Equal(Expected(Sample(), PaymentChannel.WeChatPay, result.Sha256, firstLine: 2), result.Rows);
        Assert.Equal(new StatementTotals(4, Yuan(15551), Yuan(2000), Yuan(81)), result.Totals);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), result.Sha256);
        var refund = result.Rows[2];
        Assert.Equal((StatementRowKind.Refund, "4200000001202611020000000001", "SALE-0001"), (refund.Kind, refund.OriginalTransactionId, refund.MerchantOrderNumber));
    }

    [Fact]
    public async Task AlipayBill_RoundTrips_InGbk()
    {
        var result = await Read(StatementFileWriter.AlipayBill(Sample()), PaymentChannel.Alipay);

        Assert.Empty(result.Problems);
        Assert.Equal(Expected(Sample(), PaymentChannel.Alipay, result.Sha256, firstLine: 6), result.Rows);
    }

    [Fact]
    public async Task AlipayBill_Zipped_ReadsTheDetailFileNotTheSummary()
    {
        var bytes = StatementFileWriter.AlipayBill(Sample(), new StatementFileOptions { Zip = true });

        var result = await Read(bytes, PaymentChannel.Alipay);

        Assert.Equal((byte)'P', bytes[0]);
        Assert.Empty(result.Problems);
        Assert.Equal(Expected(Sample(), PaymentChannel.Alipay, result.Sha256, firstLine: 6), result.Rows);
    }

    [Theory]
    [InlineData(PaymentChannel.WeChatPay, 7, "应结订单总金额")]
    [InlineData(PaymentChannel.Alipay, 11, "交易合计")]
    public async Task CorruptTotals_AreRefused_NamingTheLineAndTheTotal(PaymentChannel channel, int line, string total)
    {
        var result = await Read(Write(channel, new StatementFileOptions { CorruptTotals = true }), channel);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((line, total, StatementErrorCodes.TotalsMismatch), (problem.Line, problem.Column, problem.Code));
        Assert.Empty(result.Rows);
    }

    [Theory]
    [InlineData(PaymentChannel.WeChatPay)]
    [InlineData(PaymentChannel.Alipay)]
    public async Task TruncatedBill_IsRefused(PaymentChannel channel)
    {
        var result = await Read(Write(channel, new StatementFileOptions { Truncate = true }), channel);

        Assert.Equal(StatementErrorCodes.Truncated, Assert.Single(result.Problems).Code);
    }

    [Theory]
    [InlineData(PaymentChannel.WeChatPay, 3, 4)]
    [InlineData(PaymentChannel.Alipay, 7, 8)]
    public async Task ExactDuplicateRow_IsRefused_ListingBothLines(PaymentChannel channel, int first, int second)
    {
        var result = await Read(Write(channel, new StatementFileOptions { DuplicateRow = 1 }), channel);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((second, StatementErrorCodes.DuplicateRow), (problem.Line, problem.Code));
        Assert.Contains($"Line {second} repeats line {first} exactly", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameTransactionIdWithOtherContent_IsRefused()
    {
        var entries = Sample();
        entries[1] = entries[1] with { TransactionId = entries[0].TransactionId };

        var result = await Read(StatementFileWriter.WeChatBill(entries), PaymentChannel.WeChatPay);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((3, StatementErrorCodes.DuplicateRow), (problem.Line, problem.Code));
        Assert.Contains("Lines 2 and 3", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlipayBillInUtf8_IsAnEncodingProblem()
    {
        var result = await Read(StatementFileWriter.AlipayBill(Sample(), new StatementFileOptions { Utf8 = true }), PaymentChannel.Alipay);

        Assert.Equal(StatementErrorCodes.Encoding, Assert.Single(result.Problems).Code);
    }

    [Theory]
    [InlineData(PaymentChannel.WeChatPay, PaymentChannel.Alipay)]
    [InlineData(PaymentChannel.Alipay, PaymentChannel.WeChatPay)]
    [InlineData(PaymentChannel.Alipay, PaymentChannel.Bank)]
    public async Task ABillOfAnotherChannel_IsRefused(PaymentChannel written, PaymentChannel posted)
    {
        var (_, mapping) = StatementFileWriter.BankCsv([]);

        var result = await Read(Write(written, new StatementFileOptions()), posted, mapping);

        Assert.Equal(StatementErrorCodes.ChannelMismatch, Assert.Single(result.Problems).Code);
    }

    [Fact]
    public async Task AnAmountWithThreePlaces_AndAMissingColumn_AreRefusedByLine()
    {
        var text = Encoding.UTF8.GetString(StatementFileWriter.WeChatBill(Sample())).Replace("`120.00,", "`120.001,", StringComparison.Ordinal);
        var missing = Encoding.UTF8.GetString(StatementFileWriter.WeChatBill(Sample())).Replace("手续费,费率,", "费率,", StringComparison.Ordinal);

        var amount = await Read(Encoding.UTF8.GetBytes(text), PaymentChannel.WeChatPay);
        var column = await Read(Encoding.UTF8.GetBytes(missing), PaymentChannel.WeChatPay);

        Assert.Contains(amount.Problems, p => p is { Line: 2, Column: "应结订单金额", Code: StatementErrorCodes.AmountInvalid });
        Assert.Equal((1, "手续费", StatementErrorCodes.Malformed), (column.Problems[0].Line, column.Problems[0].Column, column.Problems[0].Code));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task BankCsv_RoundTrips_WithSignedOrInOutColumns_AndChecksTheBalance(bool signed, bool gbk)
    {
        var entries = BankSample();
        var (bytes, mapping) = StatementFileWriter.BankCsv(entries, new BankCsvOptions { Signed = signed, Gbk = gbk, OpeningBalance = Yuan(100000), WithTime = true, TitleLines = 2 });

        var result = await Read(bytes, PaymentChannel.Bank, mapping);

        Assert.Empty(result.Problems);
        Assert.Equal([StatementRowKind.BankCredit, StatementRowKind.BankDebit, StatementRowKind.BankCredit], result.Rows.Select(r => r.Kind));
        Assert.Equal([Yuan(80000), Yuan(1500), Yuan(80000)], result.Rows.Select(r => r.Amount));
        Assert.Equal([Yuan(180000), Yuan(178500), Yuan(258500)], result.Rows.Select(r => r.Balance!.Value));
        Assert.Equal(("财付通支付科技有限公司", "B0001", 4, Monday), (result.Rows[0].Counterparty, result.Rows[0].TransactionId, result.Rows[0].Line, result.Rows[0].Time));
    }

    [Fact]
    public async Task BankCsv_ABrokenBalance_IsRefusedAtItsLine()
    {
        var (bytes, mapping) = StatementFileWriter.BankCsv(BankSample(), new BankCsvOptions { OpeningBalance = Yuan(100000), BreakBalanceAt = 1 });

        var result = await Read(bytes, PaymentChannel.Bank, mapping);

        Assert.Equal([(3, StatementErrorCodes.BalanceMismatch), (4, StatementErrorCodes.BalanceMismatch)], result.Problems.Select(p => (p.Line, p.Code)));
    }

    [Fact]
    public async Task BankCsv_WithoutReferences_DerivesStableDistinctIds()
    {
        var same = new BankEntry(Monday, Yuan(5000), "张三", null);
        var (bytes, mapping) = StatementFileWriter.BankCsv([same, same, same with { SignedAmount = Yuan(-5000) }]);

        var first = await Read(bytes, PaymentChannel.Bank, mapping);
        var again = await Read(bytes, PaymentChannel.Bank, mapping);

        Assert.Empty(first.Problems);
        Assert.Equal(3, first.Rows.Select(r => r.TransactionId).Distinct().Count());
        Assert.Equal(first.Rows.Select(r => r.TransactionId), again.Rows.Select(r => r.TransactionId));
        Assert.All(first.Rows, r => Assert.StartsWith("bank-", r.TransactionId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BankCsv_InGbkReadAsUtf8_IsAnEncodingProblem()
    {
        var (bytes, mapping) = StatementFileWriter.BankCsv(BankSample(), new BankCsvOptions { Gbk = true });

        var result = await Read(bytes, PaymentChannel.Bank, mapping with { Encoding = BankFileEncoding.Utf8 });

        Assert.Equal(StatementErrorCodes.Encoding, Assert.Single(result.Problems).Code);
    }

    [Fact]
    public async Task AHundredThousandRowWeChatBill_IsRead()
    {
        var entries = Enumerable.Range(0, 100_000)
            .Select(i => new StatementEntry($"42000000012026110{i:D11}", $"SALE-{i:D6}", Monday.PlusSeconds(i), Yuan(100 + (i % 5000)), Yuan(i % 7)))
            .ToList();
        var bytes = StatementFileWriter.WeChatBill(entries);
        var clock = Stopwatch.StartNew();

        var result = await Read(bytes, PaymentChannel.WeChatPay);

        clock.Stop();
        output.WriteLine($"100,000 rows ({bytes.Length / 1024 / 1024} MiB) read in {clock.ElapsedMilliseconds} ms");
        Assert.Empty(result.Problems);
        Assert.Equal(100_000, result.Rows.Count);
    }

    internal static Money Yuan(long fen) => Money.FromMinorUnits(fen, Currency.CNY);

    internal static Task<StatementFileResult> Read(byte[] bytes, PaymentChannel channel, BankColumnMapping? mapping = null) =>
        StatementFiles.ReadAsync(new MemoryStream(bytes), channel, Entity, mapping, CancellationToken.None);

    internal static List<StatementRow> Expected(IEnumerable<StatementEntry> entries, PaymentChannel channel, string sha256, int firstLine) =>
        [.. entries.Select((e, i) => new StatementRow(Entity, channel, e.TransactionId, e.Time, e.IsRefund ? StatementRowKind.Refund : StatementRowKind.Payment, e.Amount, e.Fee, firstLine + i)
        {
            MerchantOrderNumber = e.MerchantOrderNumber,
            OriginalTransactionId = e.RefundOf,
            Counterparty = channel == PaymentChannel.Alipay ? StatementFileWriter.AlipayBuyer : null,
            Memo = StatementFileWriter.Goods,
            SourceFile = sha256,
        })];

    private static List<BankEntry> BankSample() =>
    [
        new(Monday, Yuan(80000), "财付通支付科技有限公司", "B0001", "微信支付结算"),
        new(Monday.PlusHours(1), Yuan(-1500), "示例物业公司", "B0002", "维修费"),
        new(Monday.PlusHours(2), Yuan(80000), "支付宝（中国）网络技术有限公司", "B0003", "支付宝结算"),
    ];

    private static byte[] Write(PaymentChannel channel, StatementFileOptions options) =>
        channel == PaymentChannel.WeChatPay ? StatementFileWriter.WeChatBill(Sample(), options) : StatementFileWriter.AlipayBill(Sample(), options);
}
