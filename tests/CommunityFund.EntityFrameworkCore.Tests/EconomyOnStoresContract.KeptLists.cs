using System.Collections.Immutable;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
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
        var (sales, firstGroup) = await ThreeGroupsOfMealsAsync(store, economy);
        var reads = store.PackageReads;

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

    /// <summary>A sale runs alone; eight queue behind it and form the first group, whose append is held; eight more queue
    /// while the first group is planned and form the second, which reads the package list again (the first group read
    /// it, but kept no list: no records version was read before it); eight more queue while the second group is planned
    /// (its package read held, so the ledger's lock too) and form the third. Returns the 25 sales in that order, the
    /// first group still held.</summary>
    private static async Task<(List<Task<CommandResult<SaleRecord>>> Sales, HeldAppendsStore.Held FirstGroup)> ThreeGroupsOfMealsAsync(
        HeldAppendsStore store, CommunityEconomy economy)
    {
        var before = store.Appends;
        var (alone, firstGroup) = (store.Hold(before + 1), store.Hold(before + 2));
        var sales = new List<Task<CommandResult<SaleRecord>>> { economy.RecordSaleAsync(Ledger, Meal(0), "kept-0") };
        await alone.Started;
        sales.AddRange(Enumerable.Range(1, 8).Select(i => economy.RecordSaleAsync(Ledger, Meal(i), $"kept-{i}")));
        var planning = store.HoldPackageRead(store.PackageReads + 1);
        var secondPlanning = store.HoldPackageRead(store.PackageReads + 2);
        alone.Release();
        await planning.Started;
        sales.AddRange(Enumerable.Range(9, 8).Select(i => economy.RecordSaleAsync(Ledger, Meal(i), $"kept-{i}")));
        planning.Release();
        await firstGroup.Started;
        await secondPlanning.Started;
        sales.AddRange(Enumerable.Range(17, 8).Select(i => economy.RecordSaleAsync(Ledger, Meal(i), $"kept-{i}")));
        secondPlanning.Release();
        return (sales, firstGroup);
    }
}
