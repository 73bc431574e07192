using System.Collections.Immutable;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Reports;
using NodaTime;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>The economy's group commit on every store: a group takes the record lists the group before it read while no
/// record changed meanwhile (ADR 0045), and reads them again once one did.</summary>
public abstract partial class EconomyOnStoresContract
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the second group is sent while the first commits, and the third planned meanwhile
    public async Task AGroupRightAfterOneThatReadThePackageList_TakesThatList_WithoutReadingItAgain(bool storeTakesTheHead)
    {
        var store = new HeldAppendsStore(_backend.Store) { TakesTheHead = storeTakesTheHead };
        var economy = Open(store);
        await SeedMealsAsync(economy);
        var appends = store.Appends;
        var (sales, firstGroup) = await TwoGroupsAsync(store, economy, "kept");
        var reads = store.PackageReads;

        // Eight more queue while the second group waits for the first: they are the third group.
        sales.AddRange(Enumerable.Range(17, 8).Select(i => economy.RecordSaleAsync(Ledger, Meal(i), $"kept-{i}")));
        firstGroup.Release();
        var results = await Task.WhenAll(sales);

        Assert.All(results, r => Assert.True(r.Succeeded, string.Join("; ", r.Errors)));
        Assert.Equal(appends + 4, store.Appends); // one sale alone, then three groups
        Assert.Equal(reads, store.PackageReads); // the third group read no package
        Assert.True((await LedgerIntegrity.CheckAsync(_backend.Store, Ledger)).IsSound);
        await AssertBookedAsOneByOneAsync(economy, 25);
    }

    [Fact]
    public async Task AGroupAfterAnotherProcessRepricedThePackage_ReadsTheListAgain_AndSellsAtTheNewPrice()
    {
        var store = new HeldAppendsStore(_backend.Store);
        var economy = Open(store);
        await SeedMealsAsync(economy);
        var (sales, firstGroup) = await TwoGroupsAsync(store, economy, "repriced");
        var reads = store.PackageReads;

        // Another process publishes the meals at 0.20 from February: a record written without journals (the head stays).
        var repriced = new ServicePackage("meals", Provider, 2, "助餐", "Meals", 4, Money.Zero(Currency.HOUR),
            ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice> { [PricingTier.Paid] = new(Money.FromDecimal(0.20m, Currency.CNY)) }),
            new LocalDate(2026, 2, 1)) { SessionsDeliveredAtSale = true };
        Assert.True((await Open(_backend.Store).PublishPackageAsync(Ledger, repriced)).Succeeded);
        var third = Enumerable.Range(17, 8).Select(i => economy.RecordSaleAsync(Ledger, Meal(i) with { UnitPrice = Money.FromDecimal(0.20m, Currency.CNY) }, $"repriced-{i}")).ToList();
        firstGroup.Release();
        var results = await Task.WhenAll([.. sales, .. third]);

        Assert.All(results, r => Assert.True(r.Succeeded, string.Join("; ", r.Errors)));
        Assert.Equal(reads + 1, store.PackageReads); // the third group read the package again
        Assert.All(results[17..], r => Assert.Equal((2, 20L), (r.Value!.PackageVersion, r.Value.Amount.MinorUnits)));
    }
}
