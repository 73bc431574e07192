using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Economy;

/// <summary>When a sale may record its sessions delivered, and what a refund reverses: a package of several sessions is
/// sold prepaid unless it declares them delivered at sale; a refund keeps the sale's dimensions and reverses no session
/// memo, because the memo holds only sessions delivered.</summary>
public class SessionsAndRefundMemoTests
{
    private static readonly LocalDate March2 = new(2026, 3, 2);
    private readonly EconomyBooks _books = EconomyBooks.Create();

    [Fact]
    public void MultiSessionPackageNotDeliveredAtSale_SoldNotPrepaid_IsRefusedNamingTheSessions()
    {
        PublishMealsWithoutDeliveryAtSale();
        var before = _books.Journals().Count;

        var result = _books.Sell(PaidMeal(quantity: 2));

        var error = Assert.Single(result.Errors);
        Assert.Equal((EconomyErrorCodes.SessionsNotDeliveredAtSale, "prepaid"), (error.Code, error.Field));
        Assert.Equal(("elder-meals@2", "4", "8"), (error.Figures!["package"], error.Figures["sessionsPerPackage"], error.Figures["sessionsSold"]));
        Assert.Contains("prepaid", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _books.Journals().Count);
    }

    [Fact]
    public void MultiSessionPackageNotDeliveredAtSale_SoldPrepaid_IsAccepted()
    {
        PublishMealsWithoutDeliveryAtSale();

        var sale = _books.SellOk(PaidMeal(quantity: 2) with { Prepaid = true });

        Assert.Equal((8, 0), (sale.Sessions, sale.SessionsDelivered));
    }

    [Fact]
    public void PackageDeclaringSessionsDeliveredAtSale_SoldNotPrepaid_RecordsEverySessionDeliveredOnTheSaleDay()
    {
        var sale = _books.SellOk(PaidMeal(quantity: 3));

        Assert.Equal((12, 12), (sale.Sessions, sale.SessionsDelivered));
        Assert.Equal(Money.FromMinorUnits(12, Currency.COUNT), _books.Balance(ElderCare, "M500.02"));
    }

    [Fact]
    public void OneSessionPackage_SoldNotPrepaid_NeedsNoDeclaration()
    {
        Assert.False(CoffeePackage().SessionsDeliveredAtSale);

        var sale = _books.SellOk(new SaleRequest(Cafe, "coffee-class", PricingTier.Paid, 2, Cny(99.99m), PaymentChannel.Alipay, March2, "r-0002"));

        Assert.Equal(2, sale.SessionsDelivered);
    }

    [Fact]
    public async Task Declaration_IsKeptWithEachPackageVersion()
    {
        PublishMealsWithoutDeliveryAtSale();

        var versions = await _books.Store.GetPackageVersionsAsync(EconomyBooks.Ledger, "elder-meals");

        Assert.Equal([true, false], versions.Select(v => v.SessionsDeliveredAtSale));
    }

    [Fact]
    public void Refund_ReversesEachShareUnderTheDimensionsItWasDistributedUnder()
    {
        var sale = _books.SellOk(PaidMeal());
        var distribution = _books.Journals().Single(j => j.Kind == JournalKind.Distribution);

        var refund = Assert.Single(_books.Refund(sale.Id, 40m).Journals);

        foreach (var line in distribution.Lines)
        {
            var reversal = Assert.Single(refund.Lines, l => l.Entity == line.Entity && l.Account == line.Account);
            Assert.Equal(line.Dimensions, reversal.Dimensions);
            Assert.NotEqual(line.Side, reversal.Side);
        }
    }

    [Fact]
    public void Refund_ReversesRevenueUnderTheSalesTierAndProgramme()
    {
        var sale = _books.SellOk(PaidMeal());
        var revenue = _books.Journals().Single(j => j.Kind == JournalKind.Sale).Lines.Single(l => l.Account == AccountCode.Parse("4301.01"));

        var refund = Assert.Single(_books.Refund(sale.Id, 40m).Journals);

        Assert.Equal(revenue.Dimensions, refund.Lines.Single(l => l.Account == AccountCode.Parse("4301.01")).Dimensions);
    }

    [Fact]
    public void RefundAfterTheSharesWereBilled_KeepsTheAgreementOnTheAmountsGivenBack()
    {
        var sale = _books.SellOk(PaidMeal() with { Channel = PaymentChannel.Bank });
        var agreement = _books.Journals().Single(j => j.Kind == JournalKind.Distribution).Lines[0].Dimensions[DimensionNames.Agreement];
        foreach (var counterparty in new[] { Hub, Fund })
        {
            var statement = _books.Prepare(ElderCare, counterparty, 2026, 3);
            Assert.True(statement.Succeeded, string.Join("; ", statement.Errors));
        }

        var refund = Assert.Single(_books.Refund(sale.Id, 100m, new LocalDate(2026, 4, 15)).Journals);

        var shares = refund.Lines.Where(l => l.Dimensions.ContainsKey(DimensionNames.Counterparty)).ToList();
        Assert.Contains(shares, l => l.Account == AccountCode.Parse("1122.01") && l.Entity == ElderCare);
        Assert.All(shares, l => Assert.Equal(agreement, l.Dimensions[DimensionNames.Agreement]));
    }

    [Fact]
    public void FullRefund_OfAPackageDeliveredAtSale_ReversesNoSessions()
    {
        var sale = _books.SellOk(PaidMeal(quantity: 2));

        var refund = Assert.Single(_books.Refund(sale.Id, 200m).Journals);

        Assert.DoesNotContain(refund.Lines, l => l.Amount.Currency == Currency.COUNT);
        Assert.Equal(Money.FromMinorUnits(8, Currency.COUNT), _books.Balance(ElderCare, "M500.02"));
    }

    [Fact]
    public void PrepaidRefund_OfTheUndeliveredRest_LeavesTheDeliveredSessionsInTheMemo()
    {
        var sale = _books.SellOk(PaidMeal() with { Prepaid = true });
        Assert.True(_books.Deliver(new DeliveryRequest(new LocalDate(2026, 3, 5), 1) { Sale = sale.Id }).Succeeded);

        var refund = Assert.Single(_books.Refund(sale.Id, 75m).Journals);

        Assert.DoesNotContain(refund.Lines, l => l.Amount.Currency == Currency.COUNT);
        Assert.Equal(Money.FromMinorUnits(1, Currency.COUNT), _books.Balance(ElderCare, "M500.02"));
        Assert.Equal(Money.FromMinorUnits(-1, Currency.COUNT), _books.Balance(ElderCare, "M500.09"));
    }

    /// <summary>Publishes a second version of the meal package, from February, that does not declare its sessions
    /// delivered at sale.</summary>
    private void PublishMealsWithoutDeliveryAtSale() =>
        Assert.True(_books.Publish(MealsPackage(100m, new LocalDate(2026, 2, 1)) with { SessionsDeliveredAtSale = false }).Succeeded);
}
