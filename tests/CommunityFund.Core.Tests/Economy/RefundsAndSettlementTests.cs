using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Economy;

public class RefundsAndSettlementTests
{
    private readonly EconomyBooks _books = EconomyBooks.Create();

    [Fact]
    public void PartialRefund_ReversesRevenueAndSharesProportionally()
    {
        var sale = _books.SellOk(PaidMeal(quantity: 10));

        var refunded = _books.Refund(sale.Id, 100m).Value!;

        Assert.Equal(new SharePartition(7000, 2500, 500), refunded.Reversed);
        Assert.Equal(Cny(-900m), _books.Balance(ElderCare, "4301.01"));
        Assert.Equal(Cny(-225m), _books.Balance(ElderCare, "2209.01"));
        Assert.Equal(Cny(225m), _books.Balance(Hub, "1122.01"));
    }

    [Fact]
    public void RefundsThatEmptyASale_ReverseExactlyWhatWasDistributed()
    {
        var sale = _books.SellOk(PaidMeal(0.15m, 1) with { UnitPrice = Cny(100m), Quantity = 1 });
        _books.Refund(sale.Id, 33.33m);
        _books.Refund(sale.Id, 33.33m);
        var last = _books.Refund(sale.Id, 33.34m).Value!;

        Assert.Equal(last.Distributed, last.Reversed);
        Assert.Equal(Money.Zero(Currency.CNY), _books.Balance(ElderCare, "2209.01"));
        Assert.Equal(Money.Zero(Currency.CNY), _books.Balance(Hub, "1122.01"));
    }

    [Fact]
    public void RefundOfMoreThanIsRefundable_IsRefused()
    {
        var sale = _books.SellOk(PaidMeal());
        _books.Refund(sale.Id, 60m);

        Assert.Equal(EconomyErrorCodes.RefundExceedsRefundable, _books.Refund(sale.Id, 40.01m).Errors.Single().Code);
    }

    [Fact]
    public void PrepaidRefund_MustCancelTheWholeUndeliveredRest()
    {
        var sale = _books.SellOk(PaidMeal() with { Prepaid = true });
        _books.Deliver(new DeliveryRequest(new LocalDate(2026, 3, 5), 1) { Sale = sale.Id });

        Assert.Equal(EconomyErrorCodes.RefundExceedsRefundable, _books.Refund(sale.Id, 10m).Errors.Single().Code);
        Assert.True(_books.Refund(sale.Id, 75m).Succeeded);
        Assert.Equal(EconomyErrorCodes.DeliveryInvalid, _books.Deliver(new DeliveryRequest(new LocalDate(2026, 3, 6), 1) { Sale = sale.Id }).Errors.Single().Code);
        Assert.Equal(Money.Zero(Currency.CNY), _books.Balance(ElderCare, "2203.01"));
    }

    [Fact]
    public void Settlement_MovesOwedInvoicedSettledAndPaysTheHub()
    {
        _books.SellOk(PaidMeal(quantity: 10));

        var settled = _books.SettleFully(ElderCare, Hub, 2026, 3);

        Assert.Equal((SettlementStatus.Settled, Cny(250m)), (settled.Status, settled.Amount));
        Assert.Equal(Money.Zero(Currency.CNY), _books.Balance(ElderCare, "2209.01"));
        Assert.Equal(Cny(250m), _books.Balance(Hub, "1002.01"));
        Assert.Equal(Money.Zero(Currency.CNY), _books.Balance(Hub, "1122.01"));
    }

    [Fact]
    public void FundSettlement_IsRecognisedAsRestrictedDonationOnReceipt()
    {
        _books.SellOk(PaidMeal(quantity: 10));

        _books.SettleFully(ElderCare, Fund, 2026, 3);

        Assert.Equal(Cny(50m), _books.Balance(Fund, "1002.02"));
        Assert.Equal(Cny(-50m), _books.Balance(Fund, "4101.02"));
    }

    [Fact]
    public void SettlingBeforeInvoicing_IsRefused()
    {
        _books.SellOk(PaidMeal());
        var statement = _books.Prepare(ElderCare, Hub, 2026, 3).Value!;

        Assert.Equal(EconomyErrorCodes.StatusInvalid, _books.Settle(statement.Id).Errors.Single().Code);
    }

    [Fact]
    public void StatusNeverMovesBackwards()
    {
        _books.SellOk(PaidMeal());
        var settled = _books.SettleFully(ElderCare, Hub, 2026, 3);

        Assert.Equal(EconomyErrorCodes.StatusInvalid, _books.Invoice(settled.Id, "INV-2").Errors.Single().Code);
        Assert.Equal(EconomyErrorCodes.StatusInvalid, _books.Settle(settled.Id).Errors.Single().Code);
    }

    [Fact]
    public void InvoicingWithoutReference_IsRefused()
    {
        _books.SellOk(PaidMeal());
        var statement = _books.Prepare(ElderCare, Hub, 2026, 3).Value!;

        Assert.Equal(EconomyErrorCodes.InvoiceReferenceRequired, _books.Invoice(statement.Id, " ").Errors.Single().Code);
    }

    [Fact]
    public async Task SettlementExceedingTheOpenPayable_IsRefused()
    {
        _books.SellOk(PaidMeal());
        var statement = _books.Prepare(ElderCare, Hub, 2026, 3).Value!;
        _books.Invoice(statement.Id);
        // The provider paid the hub 10.00 outside the statement, so only 15.00 of the 25.00 is still payable.
        var paidAside = await _books.Engine.PostAsync(EconomyBooks.Ledger, new JournalDraft(new LocalDate(2026, 4, 1), JournalKind.Manual, "paid the hub in cash",
            [LineDraft.Debit(ElderCare, "2209.01", Cny(10m)), LineDraft.Credit(ElderCare, "1009.01", Cny(10m)),
             LineDraft.Debit(Hub, "1001", Cny(10m)), LineDraft.Credit(Hub, "1122.01", Cny(10m))]));
        Assert.True(paidAside.Succeeded);

        Assert.Equal(EconomyErrorCodes.ExceedsPayable, _books.Settle(statement.Id).Errors.Single().Code);
    }

    [Fact]
    public void StatementWithNothingOwed_IsRefused() =>
        Assert.Equal(EconomyErrorCodes.NothingOwed, _books.Prepare(ElderCare, Hub, 2026, 3).Errors.Single().Code);

    [Fact]
    public void RefundAfterSettlement_IsNettedOnTheNextHubStatement()
    {
        var sale = _books.SellOk(PaidMeal(quantity: 2));
        _books.SettleFully(ElderCare, Hub, 2026, 3);
        _books.Refund(sale.Id, 100m, new LocalDate(2026, 4, 5));
        _books.SellOk(PaidMeal(quantity: 4, date: new LocalDate(2026, 4, 6)));

        var next = _books.Prepare(ElderCare, Hub, 2026, 4).Value!;

        Assert.Equal(Cny(75m), next.Amount);
        Assert.Equal([-2500L, 10000L], next.Items.Select(i => i.AmountMinorUnits));
    }

    [Fact]
    public void RefundAfterSettlement_UnderTheClawbackRule_BooksAReceivableFromTheHub()
    {
        var books = EconomyBooks.Create(DistributionPolicy.Standard(Hub, Fund, Start) with { HubRefund = HubRefundRule.ClawbackReceivable });
        var sale = books.SellOk(PaidMeal());
        books.SettleFully(ElderCare, Hub, 2026, 3);

        books.Refund(sale.Id, 100m, new LocalDate(2026, 4, 5));

        Assert.Equal(Cny(25m), books.Balance(ElderCare, "1122.01"));
        Assert.Equal(Cny(-25m), books.Balance(Hub, "2241.03"));
        var row = Assert.Single(books.Reconcile());
        Assert.Equal((ElderCare, Cny(-25m), Cny(-25m)), (row.Provider, row.ProviderOwes, row.CounterpartyClaims));
        Assert.True(row.Agrees);
    }

    [Fact]
    public void RefundAfterFundSettlement_UnderTheAbsorbRule_LeavesTheFundItsShare()
    {
        var books = EconomyBooks.Create(DistributionPolicy.Standard(Hub, Fund, Start) with { FundRefund = FundRefundRule.AbsorbedByProvider });
        var sale = books.SellOk(PaidMeal());
        books.SettleFully(ElderCare, Fund, 2026, 3);

        var refunded = books.Refund(sale.Id, 100m, new LocalDate(2026, 4, 5)).Value!;

        Assert.Equal((0L, 500L), (refunded.Reversed.Fund, refunded.Refunds.Single().Absorbed));
        Assert.Equal(Cny(5m), books.Balance(ElderCare, "5101.04"));
    }

    [Fact]
    public void DueToHub_AlwaysEqualsTheHubsDueFromProvider()
    {
        var sale = _books.SellOk(PaidMeal(quantity: 3));
        _books.SellOk(new SaleRequest(Cafe, "coffee-class", PricingTier.Paid, 1, Cny(99.99m), PaymentChannel.Cash, new LocalDate(2026, 3, 2), "r-9"));
        _books.SettleFully(ElderCare, Hub, 2026, 3);
        _books.Refund(sale.Id, 50m, new LocalDate(2026, 4, 3));

        var rows = _books.Reconcile();

        // Worked by hand: the café owes 25% of 99.99 = 25.00 (the carry-forward rounds 24.9975 up); elder-care's 75.00 on
        // 300.00 was settled, and the April refund of 50.00 reverses 12.50 of it on both sides.
        Assert.Equal(
            [(Cafe, Hub, Cny(25m), Cny(25m)), (ElderCare, Hub, Cny(-12.5m), Cny(-12.5m))],
            rows.Select(r => (r.Provider, r.Counterparty, r.ProviderOwes, r.CounterpartyClaims)));
        Assert.All(rows, r => Assert.True(r.Agrees, r.ToString()));
    }

    [Fact]
    public void ReplayedSettlement_ReturnsTheSettledStatementWithoutPayingTwice()
    {
        _books.SellOk(PaidMeal());
        var statement = _books.Prepare(ElderCare, Hub, 2026, 3).Value!;
        _books.Invoice(statement.Id);
        _books.Settle(statement.Id, key: "settle-1");

        var replay = _books.Settle(statement.Id, key: "settle-1");

        Assert.Equal(PostingOutcome.AlreadyExists, replay.Outcome);
        Assert.Single(_books.Journals(), j => j.Kind == JournalKind.Settlement);
    }
}
