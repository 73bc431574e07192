using System.Collections.Immutable;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Economy;

/// <summary>The running totals (<see cref="DistributionTotals"/>) answer what the full fold over every sale answers.</summary>
public class DistributionTotalsTests
{
    private static readonly LedgerId Id = EconomyBooks.Ledger;
    private static readonly LocalDate PolicyTwoFrom = new(2026, 2, 1);

    private static Arbitrary<int> Seeds => Generators.Seeds;

    [Fact]
    public void Totals_ReadBetweenAnyTwoCommands_EqualTheFullFoldAndARebuildAfterARestart() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (books, totals) = Run(seed, steps: 40);

            AssertSameAsFold(books, totals);
            AssertSameAsFold(books, new DistributionTotals(books.Ledgers, books.Store));
        }).Check(Generators.Runs(30));

    [Fact]
    public async Task Fairness_ThroughADate_CountsTheDistributionsDatedUpToIt()
    {
        var books = Books();
        books.SellOk(PaidMeal(date: new LocalDate(2026, 1, 5)));
        books.SellOk(PaidMeal(date: new LocalDate(2026, 1, 9)));

        var stream = Assert.Single(await books.Economy.Totals.FairnessAsync(Id, new LocalDate(2026, 1, 5)));

        Assert.Equal(1, stream.Distributions);
        Assert.Equivalent(await DistributionReports.FairnessAsync(books.Store, Id, new LocalDate(2026, 1, 5)), ImmutableArray.Create(stream));
    }

    private static EconomyBooks Books()
    {
        var books = Create();
        Assert.True(books.AddPolicy(new DistributionPolicy("standard", 2, Hub, Fund,
            [new PolicyShare(DistributionParty.Provider, 8_000), new PolicyShare(DistributionParty.Hub, 1_500), new PolicyShare(DistributionParty.CommunityFund, 500)], PolicyTwoFrom)).Succeeded);
        return books;
    }

    private static void AssertSameAsFold(EconomyBooks books, DistributionTotals totals)
    {
        foreach (var through in new LocalDate?[] { null, new(2026, 1, 31), new(2026, 2, 14) })
        {
            Assert.Equivalent(DistributionReports.FairnessAsync(books.Store, Id, through).GetAwaiter().GetResult(), totals.FairnessAsync(Id, through).GetAwaiter().GetResult(), strict: true);
        }

        foreach (var provider in new EntityId?[] { null, ElderCare, Cafe })
        {
            var expected = DistributionReports.ByPeriodAsync(books.Store, Id, provider).GetAwaiter().GetResult();
            var actual = totals.ByPeriodAsync(Id, provider).GetAwaiter().GetResult();
            Assert.True(expected.SequenceEqual(actual), $"expected\n{string.Join("\n", expected)}\nactual\n{string.Join("\n", actual)}");
        }
    }

    /// <summary>Sales (paid and prepaid, two providers), deliveries, partial and full refunds over two policy versions,
    /// with the totals read after a random third of the commands.</summary>
    private static (EconomyBooks Books, DistributionTotals Totals) Run(int seed, int steps)
    {
        var random = new Random(seed);
        var books = Books();
        var totals = new DistributionTotals(books.Ledgers, books.Store);
        var sales = new List<SaleId>();
        var day = new LocalDate(2026, 1, 2);
        for (var step = 0; step < steps; step++)
        {
            day = day.PlusDays(random.Next(0, 3));
            switch (random.Next(6))
            {
                case <= 2:
                    var request = random.Next(2) == 0
                        ? PaidMeal(date: day) with { Prepaid = random.Next(2) == 0, Quantity = random.Next(1, 3) }
                        : new SaleRequest(Cafe, "coffee-class", PricingTier.Paid, 1, Cny(99.99m), PaymentChannel.Alipay, day, "r-2");
                    sales.Add(books.SellOk(request).Id);
                    break;
                case 3 when sales.Count > 0:
                    var prepaid = books.Sale(sales[random.Next(sales.Count)]);
                    if (prepaid.Request.Prepaid && !prepaid.IsCancelled && prepaid.SessionsDelivered < prepaid.Sessions)
                    {
                        Assert.True(books.Deliver(new DeliveryRequest(day, random.Next(1, prepaid.Sessions - prepaid.SessionsDelivered + 1)) { Sale = prepaid.Id }).Succeeded);
                    }

                    break;
                default:
                    if (sales.Count > 0 && books.Sale(sales[random.Next(sales.Count)]) is { Refundable.IsPositive: true } sale)
                    {
                        var amount = random.Next(2) == 0 ? sale.Refundable.MinorUnits : random.NextInt64(1, sale.Refundable.MinorUnits + 1);
                        books.Refund(sale.Id, amount / 100m, day);
                    }

                    break;
            }

            if (random.Next(3) == 0)
            {
                totals.FairnessAsync(Id).GetAwaiter().GetResult();
            }
        }

        return (books, totals);
    }
}
