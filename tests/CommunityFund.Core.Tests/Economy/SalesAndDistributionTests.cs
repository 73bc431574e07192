using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Economy;

public class SalesAndDistributionTests
{
    private readonly EconomyBooks _books = EconomyBooks.Create();

    [Theory]
    [InlineData(1000.00, 700.00, 250.00, 50.00)]
    [InlineData(99.99, 69.99, 25.00, 5.00)]
    [InlineData(0.03, 0.02, 0.01, 0.00)]
    [InlineData(0.15, 0.10, 0.04, 0.01)]
    public void PaidSale_IsDistributed70_25_5ToTheFen(decimal amount, decimal provider, decimal hub, decimal fund)
    {
        _books.Publish(MealsPackage(amount, new LocalDate(2026, 2, 1)));

        var sale = _books.SellOk(PaidMeal(amount));

        Assert.Equal(new SharePartition((long)(provider * 100), (long)(hub * 100), (long)(fund * 100)), sale.Distributions.Single().Parts);
    }

    [Fact]
    public void PaidSale_PostsRevenueAndDistributionAtomicallyInConsecutiveJournals()
    {
        var sale = _books.SellOk(PaidMeal());

        var journals = _books.Journals();
        Assert.Equal([JournalKind.Sale, JournalKind.Distribution], journals.Select(j => j.Kind));
        Assert.Equal(journals[0].Hash, journals[1].PreviousHash);
        Assert.Equal(sale.Journal, journals[0].Id);
        Assert.Equal(journals[1].Id, sale.Distributions.Single().Journal);
    }

    [Fact]
    public void PaidSale_PostsTheDomainEntriesInEachEntitysBooks()
    {
        _books.SellOk(PaidMeal(1000m, 1) with { UnitPrice = Cny(100m), Quantity = 10 });

        Assert.Equal(Cny(1000m), _books.Balance(ElderCare, "1009.01"));
        Assert.Equal(Cny(-1000m), _books.Balance(ElderCare, "4301.01"));
        Assert.Equal(Cny(250m), _books.Balance(ElderCare, "5101.03"));
        Assert.Equal(Cny(-250m), _books.Balance(ElderCare, "2209.01"));
        Assert.Equal(Cny(50m), _books.Balance(ElderCare, "5101.04"));
        Assert.Equal(Cny(-50m), _books.Balance(ElderCare, "2209.02"));
        Assert.Equal(Cny(250m), _books.Balance(Hub, "1122.01"));
        Assert.Equal(Cny(-250m), _books.Balance(Hub, "5001.01"));
        Assert.Equal(Money.Zero(Currency.CNY), _books.Balance(Fund, "4101.02"));
    }

    [Fact]
    public void CompanyFormProvider_UsesTheSmeAccounts()
    {
        _books.SellOk(new SaleRequest(Cafe, "coffee-class", PricingTier.Paid, 1, Cny(99.99m), PaymentChannel.Alipay, new LocalDate(2026, 3, 2), "r-0002"));

        Assert.Equal(Cny(99.99m), _books.Balance(Cafe, "1012.02"));
        Assert.Equal(Cny(-99.99m), _books.Balance(Cafe, "5001.03"));
        Assert.Equal(Cny(25m), _books.Balance(Cafe, "5401.01"));
        Assert.Equal(Cny(-25m), _books.Balance(Cafe, "2241.02"));
        Assert.Equal(Cny(5m), _books.Balance(Cafe, "5401.02"));
        Assert.Equal(Cny(-5m), _books.Balance(Cafe, "2241.01"));
    }

    [Fact]
    public void Vat_IsExcludedFromTheDistributionBase()
    {
        var sale = _books.SellOk(PaidMeal() with { Vat = Cny(5.66m) });

        Assert.Equal(Cny(94.34m), sale.Distributions.Single().Base);
        Assert.Equal(Cny(-5.66m), _books.Balance(ElderCare, "2206"));
    }

    [Fact]
    public void Distribution_RecordsPolicyVersionAndRoundingRule()
    {
        var sale = _books.SellOk(PaidMeal());
        var journal = _books.Journals().Single(j => j.Kind == JournalKind.Distribution);

        Assert.Equal("standard@1", sale.Distributions.Single().PolicyReference);
        Assert.Equal("standard@1", journal.Metadata["distribution.policy"]);
        Assert.Equal(nameof(RoundingRule.LargestRemainderWithCarry), journal.Metadata["distribution.rounding"]);
    }

    [Fact]
    public void LowCostSale_IsDistributed()
    {
        var sale = _books.SellOk(PaidMeal(30m) with { Tier = PricingTier.LowCost });

        Assert.Equal(new SharePartition(2100, 750, 150), sale.Distributions.Single().Parts);
    }

    [Fact]
    public void TierNotDistributableByPolicy_IsNotDistributed()
    {
        var books = EconomyBooks.Create(DistributionPolicy.Standard(Hub, Fund, Start) with { DistributableTiers = [PricingTier.Paid] });

        var sale = books.SellOk(PaidMeal(30m) with { Tier = PricingTier.LowCost });

        Assert.Empty(sale.Distributions);
        Assert.Equal([JournalKind.Sale], books.Journals().Select(j => j.Kind));
    }

    [Fact]
    public void FreeTierSale_IsRefused() =>
        Assert.Equal(EconomyErrorCodes.FreeTierIsDelivery, _books.Sell(PaidMeal(0m) with { Tier = PricingTier.PublicWelfare }).Errors.Single().Code);

    [Fact]
    public void FreeTierDelivery_PostsMemoCountsAndNoMoney()
    {
        var result = _books.Deliver(new DeliveryRequest(new LocalDate(2026, 3, 3), 6) { Provider = ElderCare, PackageId = "elder-meals", Beneficiaries = 12 });

        var journal = result.Journals.Single();
        Assert.All(journal.Lines, l => Assert.Equal(Currency.COUNT, l.Amount.Currency));
        Assert.Equal(Money.FromMinorUnits(6, Currency.COUNT), _books.Balance(ElderCare, "M500.02"));
    }

    [Fact]
    public void PriceOtherThanThePackagesTerms_IsRefused() =>
        Assert.Equal(EconomyErrorCodes.PriceMismatch, _books.Sell(PaidMeal(90m)).Errors.Single().Code);

    [Fact]
    public void AnUnknownPaymentChannel_IsRefusedAsSuch() =>
        Assert.Equal(EconomyErrorCodes.ChannelUnknown, _books.Sell(PaidMeal() with { Channel = (PaymentChannel)99 }).Errors.Single().Code);

    [Fact]
    public void TierNotOffered_IsRefused() =>
        Assert.Equal(EconomyErrorCodes.TierNotOffered, _books.Sell(new SaleRequest(Cafe, "coffee-class", PricingTier.LowCost, 1, Cny(1m), PaymentChannel.Cash, new LocalDate(2026, 3, 2), "r-1")).Errors.Single().Code);

    [Theory]
    [InlineData("13800138000")]
    [InlineData("张三")]
    [InlineData("")]
    [InlineData("r 1")]
    public void ResidentReferenceThatCouldBePersonalData_IsRefused(string reference) =>
        Assert.Contains(_books.Sell(PaidMeal() with { ResidentReference = reference }).Errors, e => e.Code == EconomyErrorCodes.ResidentReferenceInvalid);

    [Fact]
    public void SaleBeforeThePackageExists_IsRefused() =>
        Assert.Contains(_books.Sell(PaidMeal(date: new LocalDate(2025, 12, 31))).Errors, e => e.Code == EconomyErrorCodes.PackageNotFound);

    [Fact]
    public void OldSale_KeepsThePackageVersionItWasSoldUnder()
    {
        var first = _books.SellOk(PaidMeal());
        Assert.True(_books.Publish(MealsPackage(120m, new LocalDate(2026, 4, 1))).Succeeded);
        var second = _books.SellOk(PaidMeal(120m, date: new LocalDate(2026, 4, 2)));

        Assert.Equal((1, 2), (_books.Sale(first.Id).PackageVersion, second.PackageVersion));
        Assert.Equal(EconomyErrorCodes.PriceMismatch, _books.Sell(PaidMeal(100m, date: new LocalDate(2026, 4, 3))).Errors.Single().Code);
    }

    [Fact]
    public void ReplayedSale_ReturnsTheOriginalRecord()
    {
        var first = _books.Sell(PaidMeal(), "sale-1");
        var replay = _books.Sell(PaidMeal(), "sale-1");

        Assert.Equal(PostingOutcome.AlreadyExists, replay.Outcome);
        Assert.Equal(first.Value!.Id, replay.Value!.Id);
        Assert.Equal(2, _books.Journals().Count);
    }

    [Fact]
    public void SaleKeyReusedForAnotherSale_IsAConflict()
    {
        _books.Sell(PaidMeal(), "sale-1");

        Assert.Equal(PostingOutcome.Conflict, _books.Sell(PaidMeal(quantity: 2), "sale-1").Outcome);
    }

    [Fact]
    public void Prepaid_SitsInReceiptsInAdvanceUntilDelivered()
    {
        var sale = _books.SellOk(PaidMeal() with { Prepaid = true });

        Assert.Equal(Cny(-100m), _books.Balance(ElderCare, "2203.01"));
        Assert.Empty(sale.Distributions);
    }

    [Fact]
    public void PrepaidDeliveries_RecogniseRevenueProportionallyAndTheLastTakesTheRest()
    {
        var sale = _books.SellOk(PaidMeal(100m) with { Prepaid = true, Quantity = 1 });
        var one = _books.Deliver(new DeliveryRequest(new LocalDate(2026, 3, 5), 3) { Sale = sale.Id }).Value!;
        var all = _books.Deliver(new DeliveryRequest(new LocalDate(2026, 3, 9), 1) { Sale = sale.Id }).Value!;

        Assert.Equal(Cny(75m), one.Recognised);
        Assert.Equal(Cny(100m), all.Recognised);
        Assert.Equal(Money.Zero(Currency.CNY), _books.Balance(ElderCare, "2203.01"));
        Assert.Equal(10_000, all.Distributed.Total);
        Assert.Equal(new SharePartition(7000, 2500, 500), all.Distributed);
    }

    [Fact]
    public void DeliveringMoreSessionsThanBought_IsRefused()
    {
        var sale = _books.SellOk(PaidMeal() with { Prepaid = true });

        Assert.Equal(EconomyErrorCodes.DeliveryInvalid, _books.Deliver(new DeliveryRequest(new LocalDate(2026, 3, 5), 5) { Sale = sale.Id }).Errors.Single().Code);
    }

    [Fact]
    public void OverAnySequenceOfOneFenSales_EachPartyStaysWithinOneFen()
    {
        var books = EconomyBooks.Create();
        books.Publish(MealsPackage(0.01m, new LocalDate(2026, 2, 1)));
        for (var i = 0; i < 200; i++)
        {
            books.SellOk(PaidMeal(0.01m));
        }

        var stream = books.Fairness().Single();
        Assert.Equal([Cny(1.40m), Cny(0.50m), Cny(0.10m)], stream.Lines.Select(l => l.Paid));
        Assert.Equal([0m, 0m, 0m], stream.Lines.Select(l => l.Drift));
        Assert.True(stream.IsFair, string.Join("; ", stream.Lines));
    }
}
