using System.Collections.Immutable;
using CommunityFund.Economy;
using NodaTime;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Economy;

public class PolicyTests
{
    private readonly EconomyBooks _books = EconomyBooks.Create();

    [Fact]
    public void SharesNotSummingTo10000_AreRefused()
    {
        var policy = DistributionPolicy.Standard(Hub, Fund, new LocalDate(2026, 6, 1), version: 2) with
        {
            Shares = [new PolicyShare(DistributionParty.Provider, 7000), new PolicyShare(DistributionParty.Hub, 2500), new PolicyShare(DistributionParty.CommunityFund, 400)],
        };

        Assert.Contains(_books.AddPolicy(policy).Errors, e => e.Code == EconomyErrorCodes.PolicySharesNot10000);
    }

    [Fact]
    public void RepeatedParty_IsRefused()
    {
        var policy = DistributionPolicy.Standard(Hub, Fund, new LocalDate(2026, 6, 1), version: 2) with
        {
            Shares = [new PolicyShare(DistributionParty.Provider, 5000), new PolicyShare(DistributionParty.Provider, 5000)],
        };

        Assert.Contains(_books.AddPolicy(policy).Errors, e => e.Code == EconomyErrorCodes.PolicyInvalid);
    }

    [Fact]
    public void NewVersion_EndsTheOpenEndedOneTheDayBefore()
    {
        Assert.True(_books.AddPolicy(DistributionPolicy.Standard(Hub, Fund, new LocalDate(2026, 6, 1), version: 2)).Succeeded);

        var versions = _books.Policies();
        Assert.Equal(new LocalDate(2026, 5, 31), versions.Single(p => p.Version == 1).EffectiveTo);
    }

    [Fact]
    public void OverlappingVersion_IsRefused()
    {
        _books.SellOk(PaidMeal(date: new LocalDate(2026, 6, 15)));

        Assert.Equal(EconomyErrorCodes.PolicyOverlap, _books.AddPolicy(DistributionPolicy.Standard(Hub, Fund, new LocalDate(2026, 6, 1), version: 2)).Errors.Single().Code);
    }

    [Fact]
    public void PolicyChange_NeverAltersPastDistributions()
    {
        var before = _books.SellOk(PaidMeal());
        var sixtyThirtyTen = new DistributionPolicy("standard", 2, Hub, Fund,
            [new PolicyShare(DistributionParty.Provider, 6000), new PolicyShare(DistributionParty.Hub, 3000), new PolicyShare(DistributionParty.CommunityFund, 1000)],
            new LocalDate(2026, 4, 1));
        Assert.True(_books.AddPolicy(sixtyThirtyTen).Succeeded);
        var after = _books.SellOk(PaidMeal(date: new LocalDate(2026, 4, 2)));

        Assert.Equal(new SharePartition(7000, 2500, 500), _books.Sale(before.Id).Distributions.Single().Parts);
        Assert.Equal(("standard@2", new SharePartition(6000, 3000, 1000)), (after.Distributions.Single().PolicyReference, after.Distributions.Single().Parts));
    }

    [Fact]
    public void HubThatIsNotAHub_IsRefused() =>
        Assert.Contains(_books.AddPolicy(DistributionPolicy.Standard(ElderCare, Fund, new LocalDate(2026, 6, 1), version: 2)).Errors, e => e.Field == "hub");

    [Fact]
    public void PackageWithLowCostAboveItsCap_IsRefused()
    {
        var package = MealsPackage() with
        {
            Id = "other",
            Tiers = ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice> { [PricingTier.LowCost] = new(Cny(60m), Cny(50m)) }),
        };

        Assert.Equal(EconomyErrorCodes.PackageInvalid, _books.Publish(package).Errors.Single().Code);
    }

    [Fact]
    public void PackageVersion_MustStartAfterThePrevious() =>
        Assert.Equal(EconomyErrorCodes.PackageVersionInvalid, _books.Publish(MealsPackage(120m, Start)).Errors.Single().Code);
}
