using CommunityFund.Api.Imports.Statements;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CommunityFund.Api.Tests.Statements;

/// <summary>Any list of payments and refunds written by <see cref="StatementFileWriter"/> reads back exactly: every
/// row, amount and fee to the fen, in every format.</summary>
public sealed class StatementRoundTripPropertyTests
{
    private static readonly LocalDateTime Start = new(2026, 1, 1, 0, 0, 0);

    /// <summary>Up to 40 entries: amounts from one fen to 10^15 fen, fees up to the amount, times over a year, a third
    /// of them refunds of an earlier id, merchant order numbers of letters, digits, '-' and '_'.</summary>
    private static Arbitrary<List<StatementEntry>> Entries { get; } = Arb.From(
        Gen.Zip(
            Gen.Zip(Gen.OneOf(Gen.Choose(1, 100_000).Select(i => (long)i), Gen.Choose(1, int.MaxValue).Select(i => (long)i * 465_661)), Gen.Choose(0, 1000)),
            Gen.Zip(Gen.Zip(Gen.Choose(0, 31_536_000), Gen.Choose(0, 2)), Gen.Elements("SALE-1", "o_2026", "A", "0123456789abcdefABCDEF0123456789")))
        .ListOf()
        .Select(items => items.Take(40).Select((t, i) => Entry(i, t.Item1.Item1, t.Item1.Item2, t.Item2.Item1.Item1, t.Item2.Item1.Item2 == 0 && i > 0, t.Item2.Item2)).ToList()));

    [Fact]
    public void WeChatBill_RoundTripsAnyEntries() =>
        Prop.ForAll(Entries, entries => RoundTrip(entries, StatementFileWriter.WeChatBill(entries), PaymentChannel.WeChatPay, 2)).QuickCheckThrowOnFailure();

    [Fact]
    public void AlipayBill_RoundTripsAnyEntries_PlainOrZipped() =>
        Prop.ForAll(Entries, entries =>
        {
            RoundTrip(entries, StatementFileWriter.AlipayBill(entries), PaymentChannel.Alipay, 6);
            RoundTrip(entries, StatementFileWriter.AlipayBill(entries, new StatementFileOptions { Zip = true }), PaymentChannel.Alipay, 6);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void BankCsv_RoundTripsAnyMovements() =>
        Prop.ForAll(Entries, entries =>
        {
            var lines = entries.Select((e, i) => new BankEntry(e.Time, e.IsRefund ? e.Amount.Negate() : e.Amount, "对方" + i, i % 3 == 0 ? null : "B" + i)).ToList();
            var (bytes, mapping) = StatementFileWriter.BankCsv(lines, new BankCsvOptions { Signed = entries.Count % 2 == 0, WithTime = true, OpeningBalance = Money.Zero(Currency.CNY) });

            var result = StatementFileTests.Read(bytes, PaymentChannel.Bank, mapping).GetAwaiter().GetResult();

            Assert.Empty(result.Problems);
            Assert.Equal(lines.Select(l => (l.Time, l.SignedAmount.Abs(), l.SignedAmount.IsPositive ? StatementRowKind.BankCredit : StatementRowKind.BankDebit, l.Counterparty)),
                result.Rows.Select(r => (r.Time, r.Amount, r.Kind, r.Counterparty)));
            Assert.Equal(lines.Where(l => l.Reference is not null).Select(l => l.Reference), result.Rows.Where(r => !r.TransactionId.StartsWith("bank-", StringComparison.Ordinal)).Select(r => r.TransactionId));
        }).QuickCheckThrowOnFailure();

    private static void RoundTrip(List<StatementEntry> entries, byte[] bytes, PaymentChannel channel, int firstLine)
    {
        var result = StatementFileTests.Read(bytes, channel).GetAwaiter().GetResult();

        Assert.Empty(result.Problems);
        Assert.Equal(StatementFileTests.Expected(entries, channel, result.Sha256, firstLine), result.Rows);
    }

    private static StatementEntry Entry(int i, long amount, int feePermille, int seconds, bool refund, string order)
    {
        var fee = amount / 1000 * feePermille;
        return new StatementEntry(refund ? $"R{i}" : $"T{i}", order, Start.PlusSeconds(seconds), StatementFileTests.Yuan(amount), StatementFileTests.Yuan(fee), refund ? $"T{i - 1}" : null);
    }
}
