using System.Collections.Immutable;
using CommunityFund.Audit;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Economy;

/// <summary>Statement import, matching (reference, amount and time, many to one, refunds, settlement batches), the
/// clearing journals, manual matching, the report and the audit's warnings.</summary>
public class ReconciliationTests
{
    private static readonly LocalDate Day = new(2026, 3, 2);

    internal static StatementRow Row(string id, LocalDateTime time, decimal amount, decimal fee = 0m, string? order = null,
        StatementRowKind kind = StatementRowKind.Payment, PaymentChannel channel = PaymentChannel.WeChatPay, EntityId? entity = null) =>
        new(entity ?? ElderCare, channel, id, time, kind, Cny(amount), Cny(fee), 1) { MerchantOrderNumber = order };

    internal static StatementRow BankCredit(string id, LocalDate date, decimal amount, EntityId? entity = null) =>
        new(entity ?? ElderCare, PaymentChannel.Bank, id, date.At(new LocalTime(9, 0)), StatementRowKind.BankCredit, Cny(amount), Cny(0m), 1) { Counterparty = "财付通" };

    private static SaleRecord SellMeal(EconomyBooks books, string? reference, LocalDate? date = null, int quantity = 1, string resident = "r-0001") =>
        books.SellOk(PaidMeal(quantity: quantity, date: date ?? Day) with { PaymentReference = reference, ResidentReference = resident });

    private static StatementImportResult Import(EconomyBooks books, params StatementRow[] rows)
    {
        var result = books.Economy.ImportStatementRowsAsync(EconomyBooks.Ledger, rows).GetAwaiter().GetResult();
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.Value!;
    }

    private static MatchResult Match(EconomyBooks books, bool dryRun = false, PaymentChannel channel = PaymentChannel.WeChatPay, EntityId? entity = null, MatchOptions? options = null)
    {
        var result = books.Economy.MatchAsync(EconomyBooks.Ledger, entity ?? ElderCare, channel, dryRun, options, "admin").GetAwaiter().GetResult();
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.Value!;
    }

    private static IReadOnlyList<PaymentMatch> Recorded(EconomyBooks books) =>
        [.. books.Store.ListRecordsAsync(EconomyBooks.Ledger, EconomyRecords.PaymentMatch.Kind, null).GetAwaiter().GetResult().Select(EconomyRecords.PaymentMatch.Read)];

    [Fact]
    public async Task APaymentReferenceReusedOnTheSameChannel_IsRefusedTaken_AndIsFreeOnAnotherChannel()
    {
        var books = Create();
        SellMeal(books, "ORD-1");
        var again = books.Sell(PaidMeal() with { PaymentReference = "ORD-1" });
        Assert.Equal(PostingOutcome.Rejected, again.Outcome);
        Assert.Equal(EconomyErrorCodes.PaymentReferenceTaken, Assert.Single(again.Errors).Code);
        Assert.True(books.Sell(PaidMeal() with { PaymentReference = "ORD-1", Channel = PaymentChannel.Alipay }).Succeeded);
        Assert.Equal("ORD-1", books.Journals().First(j => j.Kind == JournalKind.Sale).Metadata["sale.payment_reference"]);
    }

    [Fact]
    public async Task ConcurrentSalesWithOneReference_OnlyOneTakesIt()
    {
        var books = Create();
        var results = (await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => books.Economy.RecordSaleAsync(EconomyBooks.Ledger, PaidMeal() with { PaymentReference = "ORD-X" }))));
        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(EconomyErrorCodes.PaymentReferenceTaken, r.Errors[0].Code));
    }

    [Fact]
    public async Task MatchingByReference_PairsEachRowWithTheSaleItsMerchantOrderNumberNames()
    {
        var books = Create();
        var first = SellMeal(books, "ORD-1");
        var second = SellMeal(books, "ORD-2");
        Import(books, Row("T2", Day.At(new LocalTime(8, 0)), 100m, order: "ORD-2"), Row("T1", Day.At(new LocalTime(9, 0)), 100m, order: "ORD-1"));
        var result = Match(books);
        Assert.All(result.Matches, m => Assert.Equal(MatchRule.Reference, m.Rule));
        Assert.Equal($"sale:{second.Id}", result.Matches.Single(m => m.Rows[0] == "wechat-pay:T2").Book.Single());
        Assert.Equal($"sale:{first.Id}", result.Matches.Single(m => m.Rows[0] == "wechat-pay:T1").Book.Single());
    }

    [Fact]
    public async Task MatchingByAmountAndTime_MatchesWithinTheToleranceAroundTheSalesDayOnly()
    {
        var books = Create();
        var sale = SellMeal(books, null);
        var late = SellMeal(books, null, Day.PlusDays(10));
        Import(books, Row("T1", Day.PlusDays(1).At(new LocalTime(10, 0)), 100m), Row("T9", Day.PlusDays(13).At(new LocalTime(10, 0)), 100m));
        var result = Match(books);
        var match = Assert.Single(result.Matches);
        Assert.Equal((MatchRule.AmountAndTime, $"sale:{sale.Id}"), (match.Rule, match.Book.Single()));
        Assert.Equal("wechat-pay:T9", Assert.Single(result.UnmatchedRows).Key);
        Assert.Equal($"sale:{late.Id}", Assert.Single(result.UnmatchedBook).Item.Key);
        Assert.Single(Match(books, dryRun: true, options: new MatchOptions { ToleranceMinutes = 3 * 1440 }).Matches);
    }

    [Fact]
    public async Task ARefundRow_MatchesTheRefundOfTheSaleItsOriginalTransactionPaid()
    {
        var books = Create();
        var sale = SellMeal(books, "ORD-1");
        var refund = books.Refund(sale.Id, 40m, Day.PlusDays(3));
        Assert.True(refund.Succeeded);
        Import(books, Row("T1", Day.At(new LocalTime(9, 0)), 100m, order: "ORD-1"),
            Row("R1", Day.PlusDays(3).At(new LocalTime(9, 0)), 40m, kind: StatementRowKind.Refund) with { OriginalTransactionId = "T1" });
        var result = Match(books);
        var match = result.Matches.Single(m => m.Rule == MatchRule.Refund);
        Assert.Equal($"refund:{refund.Value!.Refunds[0].Journal}", match.Book.Single());
        Assert.Empty(result.UnmatchedRows);
    }

    [Fact]
    public void ARefundRow_ImportedAfterItsPaymentWasMatched_MatchesThroughThatRecordedMatch()
    {
        var books = Create();
        var sale = SellMeal(books, "ORD-1");
        Import(books, Row("T1", Day.At(new LocalTime(9, 0)), 100m, order: "ORD-1"));
        Assert.Equal(MatchRule.Reference, Assert.Single(Match(books).Matches).Rule);
        var refund = books.Refund(sale.Id, 40m, Day.PlusDays(3));
        Assert.True(refund.Succeeded);
        // Paid back three days after the refund was booked: beyond the tolerance, so only the original payment links them.
        Import(books, Row("R1", Day.PlusDays(6).At(new LocalTime(9, 0)), 40m, kind: StatementRowKind.Refund) with { OriginalTransactionId = "T1" });
        var match = Assert.Single(Match(books).Matches);
        Assert.Equal(MatchRule.Refund, match.Rule);
        Assert.Equal($"refund:{refund.Value!.Refunds[0].Journal}", match.Book.Single());
    }

    [Fact]
    public async Task OnePaymentForSeveralSalesOfOneResident_MatchesManyToOne()
    {
        var books = Create();
        var a = SellMeal(books, null, resident: "r-0002");
        var b = SellMeal(books, null, quantity: 2, resident: "r-0002");
        Import(books, Row("T1", Day.At(new LocalTime(12, 0)), 300m));
        var match = Assert.Single(Match(books).Matches);
        Assert.Equal(MatchRule.ManyToOne, match.Rule);
        Assert.Equal(new[] { $"sale:{a.Id}", $"sale:{b.Id}" }.Order(), match.Book.Order());
    }

    [Fact]
    public async Task ASettlementBatch_PostsAClearingToTheBankWithTheFeeOnTheProfilesFeeAccount_ToTheFen()
    {
        var books = Create();
        SellMeal(books, "ORD-1");
        SellMeal(books, "ORD-2");
        SellMeal(books, "ORD-3", Day.PlusDays(1));
        Import(books, Row("T1", Day.At(new LocalTime(9, 0)), 100m, 0.60m, "ORD-1"), Row("T2", Day.At(new LocalTime(10, 0)), 100m, 0.60m, "ORD-2"),
            Row("T3", Day.PlusDays(1).At(new LocalTime(10, 0)), 100m, 0.61m, "ORD-3"), BankCredit("B1", Day.PlusDays(3), 298.19m));
        var result = Match(books);
        var settlement = result.Matches.Single(m => m.Rule == MatchRule.Settlement);
        Assert.Equal((Cny(300m), Cny(1.81m), 3), (settlement.Amount, settlement.Fee, settlement.Settles.Length));
        var clearing = books.Journals().Single(j => j.Id == settlement.Clearing);
        Assert.Equal(JournalKind.Clearing, clearing.Kind);
        Assert.Equal(Day.PlusDays(3), clearing.AccountingDate);
        Assert.Equal(Cny(298.19m), clearing.Lines.Single(l => l.Account.Value == "1002.01").Amount);
        Assert.Equal(Cny(1.81m), clearing.Lines.Single(l => l.Account.Value == "5301" && l.Side == Side.Debit).Amount);
        // What reaches the bank leaves in transit as a transfer; the fee leaves on its own line, with its cash-flow item.
        Assert.Equal([(Cny(298.19m), null), (Cny(1.81m), CashFlowItem.OtherOperatingPayments)],
            clearing.Lines.Where(l => l.Account.Value == "1009.01" && l.Side == Side.Credit).Select(l => (l.Amount, l.CashFlow)).ToArray());
        Assert.Equal(Cny(0m), books.Balance(ElderCare, "1009.01"));
    }

    [Fact]
    public async Task ASmallCompanysSettlement_ChargesTheFeeToFinanceCosts5603()
    {
        var books = Create();
        books.SellOk(new SaleRequest(Cafe, "coffee-class", PricingTier.Paid, 1, Cny(99.99m), PaymentChannel.Alipay, Day, "r-0003") { PaymentReference = "A-1" });
        Import(books, Row("2026030222001", Day.At(new LocalTime(15, 0)), 99.99m, 0.60m, "A-1", channel: PaymentChannel.Alipay, entity: Cafe), BankCredit("B7", Day.PlusDays(1), 99.39m, Cafe));
        var result = Match(books, channel: PaymentChannel.Alipay, entity: Cafe);
        var clearing = books.Journals().Single(j => j.Id == result.Matches.Single(m => m.Rule == MatchRule.Settlement).Clearing);
        Assert.Equal(Cny(0.60m), clearing.Lines.Single(l => l.Account.Value == "5603").Amount);
        Assert.Equal([Cny(99.39m), Cny(0.60m)], clearing.Lines.Where(l => l.Account.Value == "1012.02").Select(l => l.Amount).ToArray());
    }

    [Fact]
    public async Task ADryRun_AnswersTheMatchesAndRecordsNothing()
    {
        var books = Create();
        SellMeal(books, "ORD-1");
        Import(books, Row("T1", Day.At(new LocalTime(9, 0)), 100m, 0.60m, "ORD-1"), BankCredit("B1", Day.PlusDays(1), 99.40m));
        var journals = books.Journals().Count;
        var dry = Match(books, dryRun: true);
        Assert.True(dry.DryRun);
        Assert.Equal([MatchRule.Reference, MatchRule.Settlement], dry.Matches.Select(m => m.Rule).ToArray());
        Assert.Empty(Recorded(books));
        Assert.Equal(journals, books.Journals().Count);
        Assert.Equal(2, Match(books).Matches.Length);
        Assert.Empty(Match(books).Matches);
    }

    [Fact]
    public async Task ImportingTheSameOrAnOverlappingStatementAgain_AddsNothing_AndAChangedRowIsReportedNotOverwritten()
    {
        var books = Create();
        var t1 = Row("T1", Day.At(new LocalTime(9, 0)), 100m);
        var t2 = Row("T2", Day.At(new LocalTime(9, 5)), 50m);
        Assert.Equal(new StatementImportResult(2, 0, []).Added, Import(books, t1, t2).Added);
        var again = Import(books, t1 with { Line = 7, SourceFile = "other" }, t2, Row("T3", Day.At(new LocalTime(9, 9)), 10m), t2 with { Amount = Cny(51m) });
        Assert.Equal((1, 2), (again.Added, again.AlreadyThere));
        Assert.Equal(["wechat-pay:T2"], again.Conflicting.ToArray());
        var stored = (await books.Store.GetRecordAsync(EconomyBooks.Ledger, EconomyRecords.StatementRow.Kind, "wechat-pay:T2"))!;
        Assert.Equal(Cny(50m), EconomyRecords.StatementRow.Read(stored).Amount);
    }

    [Fact]
    public void ARowRepeatedInALaterBatchOfTheSameImport_IsAlreadyThere()
    {
        var books = Create();
        var rows = Enumerable.Range(0, CommunityEconomy.StatementImportBatch).Select(i => Row($"T{i}", Day.At(new LocalTime(9, 0)).PlusSeconds(i), 1m)).ToList();

        var imported = Import(books, [.. rows, rows[0], rows[^1]]);

        Assert.Equal((CommunityEconomy.StatementImportBatch, 2), (imported.Added, imported.AlreadyThere));
    }

    [Fact]
    public async Task TheBookSideOfReconciliation_ReadFromTheSaleRecords_IsEachSaleAndEachRefund()
    {
        var books = Create();
        var refunded = SellMeal(books, "ORD-1", quantity: 2);
        SellMeal(books, null, Day.PlusDays(1), resident: "r-0002");
        books.Refund(refunded.Id, 40m, Day.PlusDays(2));
        books.Refund(refunded.Id, 10m, Day.PlusDays(3));
        var sales = await books.Store.ListSalesAsync(EconomyBooks.Ledger, ElderCare);

        var book = await books.Store.ListBookPaymentsAsync(EconomyBooks.Ledger, ElderCare);

        Assert.Equal(4, book.Count);
        Assert.Equal(BookPayment.Of(sales), book);
    }

    [Fact]
    public async Task AnInvalidRow_IsRefusedWithItsLine_AndNothingIsStored()
    {
        var books = Create();
        var result = (await books.Economy.ImportStatementRowsAsync(EconomyBooks.Ledger, [Row("T1", Day.At(LocalTime.Noon), 100m), Row("T2", Day.At(LocalTime.Noon), 0m) with { Line = 12 }]));
        Assert.Equal(EconomyErrorCodes.StatementRowInvalid, Assert.Single(result.Errors).Code);
        Assert.Contains("Line 12", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Empty((await books.Store.ListRecordsAsync(EconomyBooks.Ledger, EconomyRecords.StatementRow.Kind, null)));
    }

    [Fact]
    public async Task UnmatchedRowsAndSales_AreListedOnBothSidesWithTheirAge()
    {
        var books = Create();
        books.Clock.Reset(Instant.FromUtc(2026, 3, 12, 4, 0));
        var missing = SellMeal(books, "ORD-1");
        Import(books, Row("FOREIGN", Day.PlusDays(1).At(new LocalTime(9, 0)), 77m));
        var result = Match(books, dryRun: true);
        var row = Assert.Single(result.UnmatchedRows);
        Assert.Equal(("wechat-pay:FOREIGN", 9), (row.Key, row.AgeDays));
        var sale = Assert.Single(result.UnmatchedBook);
        Assert.Equal(($"sale:{missing.Id}", 10), (sale.Item.Key, sale.AgeDays));
    }

    [Fact]
    public async Task UnmatchingASettlement_ReversesItsClearing_AndTheBatchCanBeSettledAgain()
    {
        var books = Create();
        books.Clock.Reset(Instant.FromUtc(2026, 3, 10, 4, 0));
        SellMeal(books, "ORD-1");
        Import(books, Row("T1", Day.At(new LocalTime(9, 0)), 100m, 0.60m, "ORD-1"), BankCredit("B1", Day.PlusDays(1), 99.40m));
        var settlement = Match(books).Matches.Single(m => m.Rule == MatchRule.Settlement);
        var refused = (await books.Economy.UnmatchAsync(EconomyBooks.Ledger, Recorded(books).Single(m => m.Rule == MatchRule.Reference).Id, "wrong sale", "admin"));
        Assert.Equal(EconomyErrorCodes.PaymentMatchInvalid, refused.Errors.Single().Code);
        var unmatched = (await books.Economy.UnmatchAsync(EconomyBooks.Ledger, settlement.Id, "bank credit was a donation", "admin"));
        Assert.True(unmatched.Succeeded, string.Join("; ", unmatched.Errors));
        Assert.Equal(("bank credit was a donation", "admin"), (unmatched.Value!.Unmatched!.Reason, unmatched.Value.Unmatched.By));
        var reversal = books.Journals().Single(j => j.Id == unmatched.Value.Unmatched.Reversal);
        Assert.Equal(Cny(100m), reversal.Lines.Where(l => l.Account.Value == "1009.01" && l.Side == Side.Debit).Aggregate(Cny(0m), (sum, l) => sum + l.Amount));
        Assert.Equal(Cny(100m), books.Balance(ElderCare, "1009.01"));
        Assert.False(Recorded(books).Single(m => m.Id == settlement.Id).IsActive);
        Assert.Equal(MatchRule.Settlement, Assert.Single(Match(books).Matches).Rule);
        Assert.Equal(Cny(0m), books.Balance(ElderCare, "1009.01"));
    }

    [Fact]
    public async Task UnmatchingASettlementAgain_UnderTheSameKey_AnswersTheSameMatch_AndReversesNothingTwice()
    {
        var books = Create();
        books.Clock.Reset(Instant.FromUtc(2026, 3, 10, 4, 0));
        SellMeal(books, "ORD-1");
        Import(books, Row("T1", Day.At(new LocalTime(9, 0)), 100m, 0.60m, "ORD-1"), BankCredit("B1", Day.PlusDays(1), 99.40m));
        var settlement = Match(books).Matches.Single(m => m.Rule == MatchRule.Settlement);
        var first = await books.Economy.UnmatchAsync(EconomyBooks.Ledger, settlement.Id, "bank credit was a donation", "admin", "unmatch-1");
        var journals = books.Journals().Count;

        var again = await books.Economy.UnmatchAsync(EconomyBooks.Ledger, settlement.Id, "bank credit was a donation", "admin", "unmatch-1");

        Assert.True(again.Succeeded, string.Join("; ", again.Errors));
        Assert.True(again.Replayed);
        Assert.Equal((first.Value!.Id, first.Value.Unmatched!.Reversal), (again.Value!.Id, again.Value.Unmatched!.Reversal));
        Assert.Equal(journals, books.Journals().Count);
    }

    [Fact]
    public async Task AManualMatchAgain_UnderTheSameKey_AnswersTheSameMatch()
    {
        var books = Create();
        var sale = SellMeal(books, null);
        Import(books, Row("T1", Day.PlusDays(5).At(new LocalTime(9, 0)), 100m));
        var request = new ManualMatchRequest(ElderCare, PaymentChannel.WeChatPay, ["wechat-pay:T1"], [sale.Id.ToString()], "paid late, receipt seen");

        var first = await books.Economy.ManualMatchAsync(EconomyBooks.Ledger, request, "admin", "manual-1");
        var again = await books.Economy.ManualMatchAsync(EconomyBooks.Ledger, request, "admin", "manual-1");

        Assert.True(again.Succeeded, string.Join("; ", again.Errors));
        Assert.Equal((true, first.Value!.Id), (again.Replayed, again.Value!.Id));
        Assert.Single(Recorded(books));
    }

    [Fact]
    public async Task AManualMatch_IsRecordedWithReasonAndWho_AndCanBeUnmatched()
    {
        var books = Create();
        var sale = SellMeal(books, null);
        Import(books, Row("T1", Day.PlusDays(5).At(new LocalTime(9, 0)), 100m));
        Assert.Empty(Match(books).Matches);
        var manual = (await books.Economy.ManualMatchAsync(EconomyBooks.Ledger, new ManualMatchRequest(ElderCare, PaymentChannel.WeChatPay, ["wechat-pay:T1"], [sale.Id.ToString()], "paid late, receipt seen"), "admin"));
        Assert.True(manual.Succeeded, string.Join("; ", manual.Errors));
        Assert.Equal((MatchRule.Manual, "paid late, receipt seen", "admin"), (manual.Value!.Rule, manual.Value.Reason, manual.Value.By));
        Assert.Empty(Match(books, dryRun: true).UnmatchedRows);
        var twice = (await books.Economy.ManualMatchAsync(EconomyBooks.Ledger, new ManualMatchRequest(ElderCare, PaymentChannel.WeChatPay, ["wechat-pay:T1"], [sale.Id.ToString()], "again"), "admin"));
        Assert.Equal(EconomyErrorCodes.PaymentMatchInvalid, twice.Errors.Single().Code);
        Assert.True((await books.Economy.UnmatchAsync(EconomyBooks.Ledger, manual.Value.Id, "mistake", "admin")).Succeeded);
        Assert.Single(Match(books, dryRun: true).UnmatchedRows);
    }

    [Fact]
    public async Task TheAudit_WarnsOfRowsUnmatchedOver7DaysAndMoneyInTransitOver30Days()
    {
        var books = Create();
        SellMeal(books, null);
        Import(books, Row("FOREIGN", Day.At(new LocalTime(9, 0)), 77m));
        var early = (await LedgerAudit.RunAsync(books.Ledgers, books.Store, EconomyBooks.Ledger, Day.PlusDays(7)));
        Assert.DoesNotContain(early.Findings, f => f.Code is AuditFindingCodes.StatementRowsUnmatched or AuditFindingCodes.InTransitStale);
        var later = (await LedgerAudit.RunAsync(books.Ledgers, books.Store, EconomyBooks.Ledger, Day.PlusDays(31)));
        Assert.Contains(later.Findings, f => f.Code == AuditFindingCodes.StatementRowsUnmatched && f.Entity == ElderCare && f.Severity == FindingSeverity.Warning);
        Assert.Contains(later.Findings, f => f.Code == AuditFindingCodes.InTransitStale && f.Message.Contains("100.00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MoneyInTransit_IsStaleOnlyOnceItsDayIsMoreThan30DaysBack()
    {
        var books = Create();
        SellMeal(books, null);

        var lastFreshDay = await PaymentReconciliation.StaleInTransitAsync(books.Ledgers, EconomyBooks.Ledger, Day.PlusDays(29), 30);
        var firstStaleDay = await PaymentReconciliation.StaleInTransitAsync(books.Ledgers, EconomyBooks.Ledger, Day.PlusDays(30), 30);

        Assert.Empty(lastFreshDay);
        Assert.Equal(Money.FromMinorUnits(10_000, Currency.CNY), Assert.Single(firstStaleDay).Stale);
    }

    [Fact]
    public async Task TheReport_ShowsPerDayTheInTransitMovementsRowsMatchedUnmatchedAndFees()
    {
        var books = Create();
        SellMeal(books, "ORD-1");
        SellMeal(books, "ORD-2");
        Import(books, Row("T1", Day.At(new LocalTime(9, 0)), 100m, 0.60m, "ORD-1"), Row("FOREIGN", Day.At(new LocalTime(9, 30)), 5m, 0.03m), BankCredit("B1", Day.PlusDays(1), 99.40m));
        Match(books);
        var report = (await PaymentReconciliation.BuildAsync(books.Ledgers, books.Store, EconomyBooks.Ledger, Day, Day.PlusDays(1), PaymentChannel.WeChatPay, ElderCare));
        var day = report.Days.Single(d => d.Date == Day);
        Assert.Equal((Cny(200m), Cny(0m), 2, Cny(105m)), (day.InTransitDebits, day.InTransitCredits, day.Rows, day.RowsAmount));
        Assert.Equal((1, Cny(100m), 1, Cny(5m), 1, Cny(100m), Cny(0.63m)), (day.MatchedRows, day.MatchedAmount, day.UnmatchedRows, day.UnmatchedRowsAmount, day.UnmatchedBook, day.UnmatchedBookAmount, day.Fees));
        Assert.Equal(Cny(100m), report.Days.Single(d => d.Date == Day.PlusDays(1)).InTransitCredits);
        Assert.StartsWith("date,entity,channel,in_transit_debits", report.ToCsv(), StringComparison.Ordinal);
        Assert.Contains("2026-03-02,elder-care,wechat-pay,200.00,0.00,2,105.00,1,100.00,1,5.00,1,100.00,0.63", report.ToCsv(), StringComparison.Ordinal);
    }
}
