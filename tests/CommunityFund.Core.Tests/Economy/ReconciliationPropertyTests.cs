using System.Collections.Immutable;
using System.Diagnostics;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Xunit.Abstractions;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Economy;

public class ReconciliationPropertyTests(ITestOutputHelper output)
{
    private static readonly LocalDate Day = new(2026, 3, 2);

    private static Arbitrary<int> Seeds => Generators.Seeds;

    /// <summary>Any set of sales over five days, a WeChat Pay bill of them with fees that leaves some out (missing
    /// payments), and the bank's payout of each day's rows: matching everything clears exactly what the bill paid out,
    /// so 1009.01 holds exactly the sales the bill missed, and every entity's books balance.</summary>
    [Fact]
    public void MatchingAndClearingAStatement_LeavesInTransitExactlyTheUnmatchedSales_AndTheBooksBalance() =>
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            var books = Create();
            var rows = new List<StatementRow>();
            var missing = 0L;
            for (var i = 0; i < random.Next(1, 16); i++)
            {
                var (date, quantity, reference) = (Day.PlusDays(random.Next(5)), random.Next(1, 4), random.Next(2) == 0 ? $"O{i}" : null);
                books.SellOk(PaidMeal(quantity: quantity, date: date) with { PaymentReference = reference, ResidentReference = $"r-{i:0000}" });
                if (random.Next(5) == 0)
                {
                    missing += quantity * 10_000L;
                    continue;
                }

                rows.Add(ReconciliationTests.Row($"T{i}", date.At(new LocalTime(10, i)), quantity * 100m, random.Next(100) / 100m, reference));
            }

            rows.AddRange(rows.GroupBy(r => r.Time.Date).Select(g =>
                ReconciliationTests.BankCredit($"B{g.Key:MMdd}", g.Key.PlusDays(1), (g.Sum(r => r.Amount.MinorUnits - r.Fee.MinorUnits)) / 100m)).ToList());
            Assert.True(books.Economy.ImportStatementRowsAsync(EconomyBooks.Ledger, rows).GetAwaiter().GetResult().Succeeded);
            var matched = books.Economy.MatchAsync(EconomyBooks.Ledger, ElderCare, PaymentChannel.WeChatPay, dryRun: false).GetAwaiter().GetResult();
            Assert.True(matched.Succeeded, string.Join("; ", matched.Errors));
            Assert.Empty(matched.Value!.UnmatchedRows);
            Assert.Equal(Money.FromMinorUnits(missing, Currency.CNY), books.Balance(ElderCare, "1009.01"));
            Assert.All(books.AllBalances().Where(b => b.Unit == Currency.CNY).GroupBy(b => b.Entity), g => Assert.Equal(0L, g.Sum(b => b.DebitMinorUnits - b.CreditMinorUnits)));
        }).Check(Generators.Runs(30));

    /// <summary>Any sales and rows (by reference, by amount only, amounts that differ, days apart, daily payouts):
    /// matching with each match made at once with its final id, author and time (as a recorded match does) gives the
    /// matches the plain matcher proposes, in the same order, restamped; and rows whose texts are pooled are equal to
    /// the rows as read.</summary>
    [Fact]
    public void StampedMatching_GivesTheProposedMatches_AndPooledRowsAreTheRowsRead() =>
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            var (book, rows) = (new List<BookPayment>(), new List<StatementRow>());
            for (var i = 0; i < random.Next(1, 60); i++)
            {
                var (date, amount, reference) = (Day.PlusDays(random.Next(10)), Money.FromMinorUnits(100 * random.Next(1, 5), Currency.CNY), random.Next(3) == 0 ? null : $"O{i}");
                book.Add(new BookPayment($"sale:{i}", ElderCare, PaymentChannel.WeChatPay, date, amount, false, new SaleId(Guid.CreateVersion7()), reference, $"r-{random.Next(4)}"));
                var paid = random.Next(6) == 0 ? amount + Money.FromMinorUnits(1, Currency.CNY) : amount;
                rows.Add(new StatementRow(ElderCare, PaymentChannel.WeChatPay, $"T{i}", date.PlusDays(random.Next(3) - 1).At(new LocalTime(random.Next(24), 0)), StatementRowKind.Payment, paid,
                    Money.FromMinorUnits(random.Next(3), Currency.CNY), i + 1) { MerchantOrderNumber = random.Next(4) == 0 ? null : reference, Memo = "助餐", SourceFile = "abc" });
            }

            rows.AddRange(rows.GroupBy(r => r.Time.Date).Where(_ => random.Next(3) > 0).Select(g => ReconciliationTests.BankCredit($"B{g.Key:MMdd}", g.Key.PlusDays(1), g.Sum(r => r.Amount.MinorUnits - r.Fee.MinorUnits) / 100m)).ToList());
            var asOf = Day.PlusDays(20);
            var at = Instant.FromUtc(2026, 4, 1, 0, 0);
            var proposed = PaymentMatcher.Match(ElderCare, PaymentChannel.WeChatPay, book, rows, [], new MatchOptions(), asOf);
            var next = 0;
            var stamped = PaymentMatcher.Match(ElderCare, PaymentChannel.WeChatPay, book, rows, [], new MatchOptions(), asOf, new MatchStamp(() => $"id-{++next}", "tester", at));

            Assert.Equal(proposed.Matches.Select((m, i) => Shown(m with { Id = $"id-{i + 1}", By = "tester", At = at })), stamped.Matches.Select(Shown));
            Assert.Equal(proposed.UnmatchedRows.Select(u => u.Key), stamped.UnmatchedRows.Select(u => u.Key));
            Assert.Equal(proposed.UnmatchedBook.Select(u => u.Item.Key), stamped.UnmatchedBook.Select(u => u.Item.Key));
            var pool = new StringPool();
            Assert.Equal(rows, rows.Select(pool.Share));
        }).Check(Generators.Runs(50));

    private static string Shown(PaymentMatch m) =>
        $"{m.Id} {m.By} {m.At} {m.Rule} [{string.Join(',', m.Rows)}] [{string.Join(',', m.Book)}] [{string.Join(',', m.Settles)}] {m.Amount} {m.Fee} {m.Date}";

    /// <summary>A rough timing of the pure matcher on 100,000 payments against 100,000 statement rows (half by
    /// reference, half by amount and time) and their daily payouts; printed, not asserted.</summary>
    [Fact]
    public void TheMatcher_Matches100000RowsAgainst100000Sales_InOnePassEach()
    {
        const int count = 100_000;
        var book = new List<BookPayment>(count);
        var rows = new List<StatementRow>(count + 400);
        for (var i = 0; i < count; i++)
        {
            var date = Day.PlusDays(i % 365);
            var amount = Money.FromMinorUnits(1_000 + (i % 5_000), Currency.CNY);
            var reference = i % 2 == 0 ? $"O{i}" : null;
            book.Add(new BookPayment($"sale:{i}", ElderCare, PaymentChannel.WeChatPay, date, amount, false, new SaleId(Guid.CreateVersion7()), reference, $"r-{i}"));
            rows.Add(new StatementRow(ElderCare, PaymentChannel.WeChatPay, $"T{i}", date.At(new LocalTime(12, 0)), StatementRowKind.Payment, amount, Money.FromMinorUnits(amount.MinorUnits * 6 / 1000, Currency.CNY), i + 1) { MerchantOrderNumber = reference });
        }

        rows.AddRange(rows.GroupBy(r => r.Time.Date).Select(g => ReconciliationTests.BankCredit($"B{g.Key:yyyyMMdd}", g.Key.PlusDays(1), g.Sum(r => r.Amount.MinorUnits - r.Fee.MinorUnits) / 100m)).ToList());
        var clock = Stopwatch.StartNew();
        var result = PaymentMatcher.Match(ElderCare, PaymentChannel.WeChatPay, book, rows, [], new MatchOptions(), Day.PlusDays(400));
        clock.Stop();
        output.WriteLine($"matched {result.Matches.Length} ({result.Matches.Count(m => m.Rule == MatchRule.Settlement)} settlements) in {clock.ElapsedMilliseconds} ms; unmatched rows {result.UnmatchedRows.Length}, book {result.UnmatchedBook.Length}");
        Assert.Empty(result.UnmatchedRows);
        Assert.Empty(result.UnmatchedBook);
        Assert.Equal(365, result.Matches.Count(m => m.Rule == MatchRule.Settlement));
    }
}
