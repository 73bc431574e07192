using CommunityFund.Audit;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using NodaTime;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Economy;

/// <summary>The schedule of what providers owe the community fund and it has not received (ADR 0011).</summary>
public class FundReceivablesTests
{
    private readonly EconomyBooks _books = EconomyBooks.Create();

    private FundReceivablesReport Schedule(LocalDate asOf, EntityId? provider = null) =>
        FundReceivables.BuildAsync(_books.Ledgers, _books.Store, EconomyBooks.Ledger, asOf, provider).GetAwaiter().GetResult();

    [Fact]
    public void UnpaidShares_AreListedPerProviderAndMonth()
    {
        _books.SellOk(PaidMeal(quantity: 10, date: new LocalDate(2026, 3, 2)));
        _books.SellOk(PaidMeal(date: new LocalDate(2026, 3, 20)));
        _books.SellOk(PaidMeal(quantity: 2, date: new LocalDate(2026, 4, 3)));

        var rows = Schedule(new LocalDate(2026, 4, 30)).Rows;

        Assert.Equal(
            [(ElderCare, Fund, new YearMonth(2026, 3), Cny(55m)), (ElderCare, Fund, new YearMonth(2026, 4), Cny(10m))],
            rows.Select(r => (r.Provider, r.Fund, r.Month, r.Outstanding)));
    }

    [Fact]
    public void Age_IsCountedFromTheLastDayOfTheMonth()
    {
        _books.SellOk(PaidMeal(date: new LocalDate(2026, 3, 2)));

        var row = Schedule(new LocalDate(2026, 5, 15)).Rows.Single();

        Assert.Equal((new LocalDate(2026, 3, 31), 45, AgeBucket.Days31To90), (row.AgedFrom, row.AgeDays, row.Bucket));
    }

    [Fact]
    public void Age_OfTheCurrentMonth_IsZero()
    {
        _books.SellOk(PaidMeal(date: new LocalDate(2026, 3, 2)));

        Assert.Equal(0, Schedule(new LocalDate(2026, 3, 10)).Rows.Single().AgeDays);
    }

    [Theory]
    [InlineData(0, AgeBucket.Days0To30)]
    [InlineData(30, AgeBucket.Days0To30)]
    [InlineData(31, AgeBucket.Days31To90)]
    [InlineData(90, AgeBucket.Days31To90)]
    [InlineData(91, AgeBucket.Over90Days)]
    public void Buckets_AreZeroToThirty_ThirtyOneToNinety_AndOverNinetyDays(int days, AgeBucket bucket) =>
        Assert.Equal(bucket, FundReceivables.BucketOf(days));

    [Fact]
    public void Totals_AddUpTheBucketsPerProvider()
    {
        _books.SellOk(PaidMeal(date: new LocalDate(2026, 1, 10)));
        _books.SellOk(PaidMeal(quantity: 2, date: new LocalDate(2026, 3, 10)));
        _books.SellOk(PaidMeal(quantity: 3, date: new LocalDate(2026, 5, 10)));

        var total = Schedule(new LocalDate(2026, 5, 20)).Totals.Single();

        Assert.Equal((Cny(15m), Cny(10m), Cny(5m), Cny(30m)), (total.Days0To30, total.Days31To90, total.Over90Days, total.Outstanding));
    }

    [Fact]
    public void SharesOnASettledFundStatement_AreReceived()
    {
        _books.SellOk(PaidMeal(quantity: 10, date: new LocalDate(2026, 3, 2)));
        _books.SettleFully(ElderCare, Fund, 2026, 3, new LocalDate(2026, 4, 10));

        var schedule = Schedule(new LocalDate(2026, 4, 30));

        Assert.Empty(schedule.Rows);
        Assert.Equal(Cny(0m), schedule.Outstanding);
    }

    [Fact]
    public void SharesSettledAfterTheAsOfDate_AreStillOutstanding()
    {
        _books.SellOk(PaidMeal(quantity: 10, date: new LocalDate(2026, 3, 2)));
        _books.SettleFully(ElderCare, Fund, 2026, 3, new LocalDate(2026, 4, 10));

        Assert.Equal(Cny(50m), Schedule(new LocalDate(2026, 4, 9)).Rows.Single().Outstanding);
    }

    [Fact]
    public void SharesOnAnInvoicedStatement_AreNotReceived()
    {
        _books.SellOk(PaidMeal(quantity: 10, date: new LocalDate(2026, 3, 2)));
        var statement = _books.Prepare(ElderCare, Fund, 2026, 3).Value!;
        Assert.True(_books.Invoice(statement.Id, "FUND-RCPT-1").Succeeded);

        Assert.Equal(Cny(50m), Schedule(new LocalDate(2026, 4, 30)).Rows.Single().Outstanding);
    }

    [Fact]
    public void AMonthWithSomeSharesSettled_IsPartlyReceived()
    {
        // The statement for March is settled on 10 March; a sale later in March is on no statement yet.
        _books.SellOk(PaidMeal(quantity: 10, date: new LocalDate(2026, 3, 2)));
        _books.SettleFully(ElderCare, Fund, 2026, 3, new LocalDate(2026, 3, 10));
        _books.SellOk(PaidMeal(quantity: 2, date: new LocalDate(2026, 3, 20)));

        var row = Schedule(new LocalDate(2026, 4, 30)).Rows.Single();

        Assert.Equal((Cny(60m), Cny(50m), Cny(10m)), (row.Accrued, row.Received, row.Outstanding));
    }

    [Fact]
    public void SharesOnTheHubsStatement_AreNotReceivedByTheFund()
    {
        _books.SellOk(PaidMeal(quantity: 10, date: new LocalDate(2026, 3, 2)));
        _books.SettleFully(ElderCare, Hub, 2026, 3, new LocalDate(2026, 4, 10));

        Assert.Equal(Cny(50m), Schedule(new LocalDate(2026, 4, 30)).Rows.Single().Outstanding);
    }

    [Fact]
    public void ARefundBeforeSettlement_ReducesTheMonthOwed()
    {
        var sale = _books.SellOk(PaidMeal(quantity: 10, date: new LocalDate(2026, 3, 2)));
        Assert.True(_books.Refund(sale.Id, 100m, new LocalDate(2026, 3, 20)).Succeeded);

        var row = Schedule(new LocalDate(2026, 4, 30)).Rows.Single();

        Assert.Equal((Cny(50m), Cny(5m), Cny(45m)), (row.Accrued, row.Reversed, row.Outstanding));
    }

    [Fact]
    public void ARefundInALaterMonth_IsACreditAppliedToTheOldestUnpaidMonth()
    {
        var sale = _books.SellOk(PaidMeal(quantity: 10, date: new LocalDate(2026, 3, 2)));
        _books.SellOk(PaidMeal(quantity: 2, date: new LocalDate(2026, 4, 2)));
        Assert.True(_books.Refund(sale.Id, 200m, new LocalDate(2026, 5, 5)).Succeeded);

        var rows = Schedule(new LocalDate(2026, 5, 31)).Rows;

        Assert.Equal([(new YearMonth(2026, 3), Cny(10m), Cny(40m)), (new YearMonth(2026, 4), Cny(0m), Cny(10m))], rows.Select(r => (r.Month, r.CreditApplied, r.Outstanding)));
    }

    [Fact]
    public void ARefundAfterTheFundWasPaid_IsOwedBackByTheFund_NotACreditOnTheSchedule()
    {
        var sale = _books.SellOk(PaidMeal(quantity: 10, date: new LocalDate(2026, 3, 2)));
        _books.SettleFully(ElderCare, Fund, 2026, 3, new LocalDate(2026, 4, 10));
        Assert.True(_books.Refund(sale.Id, 100m, new LocalDate(2026, 4, 20)).Succeeded);

        var total = Schedule(new LocalDate(2026, 4, 30)).Totals.Single();

        Assert.Equal((Cny(0m), Cny(0m), Cny(0m)), (total.UnappliedCredit, total.Outstanding, total.PayableInBooks));
        Assert.Equal((Cny(5m), Cny(-5m)), (_books.Balance(ElderCare, "1122.02"), _books.Balance(Fund, "2209.03")));
    }

    [Fact]
    public async Task ARefundTheProviderAbsorbs_LeavesTheFundsShareOwed()
    {
        var books = EconomyBooks.Create(DistributionPolicy.Standard(Hub, Fund, Start) with { FundRefund = FundRefundRule.AbsorbedByProvider });
        var sale = books.SellOk(PaidMeal(quantity: 10, date: new LocalDate(2026, 3, 2)));
        books.SettleFully(ElderCare, Fund, 2026, 3, new LocalDate(2026, 3, 10));
        Assert.True(books.Refund(sale.Id, 100m, new LocalDate(2026, 3, 20)).Succeeded);

        var schedule = await FundReceivables.BuildAsync(books.Ledgers, books.Store, EconomyBooks.Ledger, new LocalDate(2026, 4, 30));

        Assert.Equal(Cny(0m), schedule.Outstanding);
        Assert.True(schedule.Agrees);
    }

    [Fact]
    public void Schedule_AgreesWithEachProvidersPayableInItsBooks()
    {
        var sale = _books.SellOk(PaidMeal(quantity: 10, date: new LocalDate(2026, 3, 2)));
        _books.SellOk(new SaleRequest(Cafe, "coffee-class", PricingTier.Paid, 3, Cny(99.99m), PaymentChannel.Alipay, new LocalDate(2026, 3, 5), "r-0002"));
        _books.SettleFully(ElderCare, Fund, 2026, 3, new LocalDate(2026, 4, 10));
        Assert.True(_books.Refund(sale.Id, 300m, new LocalDate(2026, 4, 12)).Succeeded);
        _books.SellOk(PaidMeal(quantity: 4, date: new LocalDate(2026, 5, 2)));

        var schedule = Schedule(new LocalDate(2026, 5, 31));

        Assert.All(schedule.Totals, t => Assert.True(t.Agrees, t.ToString()));
        // Elder-care: March's 50.00 paid; the April refund's 15.00 is owed back by the fund (1122.02 / 2209.03), not taken
        // off the payable; May accrues 20.00 → 20.00 owed.
        Assert.Equal((Cny(20m), Cny(20m)), (schedule.Totals.Single(t => t.Provider == ElderCare).Outstanding, -_books.Balance(ElderCare, "2209.02")));
        Assert.Equal(-_books.Balance(Cafe, "2241.01"), schedule.Totals.Single(t => t.Provider == Cafe).PayableInBooks);
    }

    [Fact]
    public async Task AManualJournalOnThePayable_MakesTheScheduleDisagree()
    {
        _books.SellOk(PaidMeal(quantity: 10, date: new LocalDate(2026, 3, 2)));
        var journal = new JournalDraft(new LocalDate(2026, 3, 31), JournalKind.Manual, "Opening payable to the fund",
        [
            new LineDraft(ElderCare, AccountCode.Parse("5101.04"), Side.Debit, Cny(7m)),
            new LineDraft(ElderCare, AccountCode.Parse("2209.02"), Side.Credit, Cny(7m)).With(DimensionNames.Counterparty, Fund.Value),
        ]);
        Assert.True((await _books.Engine.PostAsync(EconomyBooks.Ledger, journal)).Succeeded);

        var total = Schedule(new LocalDate(2026, 4, 30)).Totals.Single();

        Assert.Equal((Cny(50m), Cny(57m), false), (total.Outstanding, total.PayableInBooks, total.Agrees));
    }

    [Fact]
    public void SalesAfterTheAsOfDate_AreLeftOut()
    {
        _books.SellOk(PaidMeal(date: new LocalDate(2026, 3, 2)));
        _books.SellOk(PaidMeal(date: new LocalDate(2026, 4, 2)));

        var schedule = Schedule(new LocalDate(2026, 3, 31));

        Assert.Equal((Cny(5m), Cny(5m)), (schedule.Outstanding, schedule.Totals.Single().PayableInBooks));
    }

    [Fact]
    public void OneProvider_SeesItsOwnRowsOnly()
    {
        _books.SellOk(PaidMeal(date: new LocalDate(2026, 3, 2)));
        _books.SellOk(new SaleRequest(Cafe, "coffee-class", PricingTier.Paid, 1, Cny(99.99m), PaymentChannel.Alipay, new LocalDate(2026, 3, 5), "r-0002"));

        var schedule = Schedule(new LocalDate(2026, 3, 31), Cafe);

        Assert.All(schedule.Rows.Select(r => r.Provider).Concat(schedule.Totals.Select(t => t.Provider)), p => Assert.Equal(Cafe, p));
        Assert.Equal(Cny(5m), schedule.Outstanding);
    }

    [Fact]
    public async Task Audit_WarnsOfEachMonthOwedOverNinetyDays()
    {
        _books.SellOk(PaidMeal(date: new LocalDate(2026, 1, 10)));
        _books.SellOk(PaidMeal(date: new LocalDate(2026, 3, 10)));

        var report = await LedgerAudit.RunAsync(_books.Ledgers, _books.Store, EconomyBooks.Ledger, new LocalDate(2026, 5, 2));

        // The sales' money also sat in transit since January: the audit warns of that too (reconciliation.in_transit_stale).
        var finding = Assert.Single(report.Findings, f => f.Code.StartsWith("fund.", StringComparison.Ordinal));
        Assert.Equal((FindingSeverity.Warning, "fund.share_overdue", ElderCare), (finding.Severity, finding.Code, finding.Entity));
        Assert.Contains("2026-01", finding.Message, StringComparison.Ordinal);
        Assert.True(report.IsSound);
    }

    [Fact]
    public async Task Audit_WithoutADate_AgesToTheLastAccountingDateInTheBooks()
    {
        _books.SellOk(PaidMeal(date: new LocalDate(2026, 1, 10)));
        _books.SellOk(PaidMeal(date: new LocalDate(2026, 5, 10)));

        var report = await LedgerAudit.RunAsync(_books.Ledgers, _books.Store, EconomyBooks.Ledger);

        Assert.Equal("fund.share_overdue", Assert.Single(report.Findings, f => f.Code.StartsWith("fund.", StringComparison.Ordinal)).Code);
    }

    [Fact]
    public async Task Audit_OfAScheduleThatDisagreesWithThePayable_Warns()
    {
        var journal = new JournalDraft(new LocalDate(2026, 3, 31), JournalKind.Manual, "Opening payable to the fund",
        [
            new LineDraft(ElderCare, AccountCode.Parse("5101.04"), Side.Debit, Cny(7m)),
            new LineDraft(ElderCare, AccountCode.Parse("2209.02"), Side.Credit, Cny(7m)).With(DimensionNames.Counterparty, Fund.Value),
        ]);
        Assert.True((await _books.Engine.PostAsync(EconomyBooks.Ledger, journal)).Succeeded);

        var report = await LedgerAudit.RunAsync(_books.Ledgers, _books.Store, EconomyBooks.Ledger, new LocalDate(2026, 4, 1));

        Assert.Equal((FindingSeverity.Warning, "fund.receivables_mismatch"), (Assert.Single(report.Findings).Severity, report.Findings[0].Code));
    }
}
