using System.Collections.Immutable;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Economy;

public class DistributionPropertyTests
{
    private static Arbitrary<int> Seeds => Generators.Seeds;

    private static bool ValidWeights(long[] weights) => weights.Length is > 0 and <= CarryForwardAllocator.MaxParties && weights.All(w => w > 0);

    /// <summary>A stream of sales to split: 1–3 positive weights (basis points, or anything up to 2⁴⁰) and up to 200
    /// amounts from 0 to <see cref="long.MaxValue"/>. A failing stream shrinks to fewer, smaller amounts and weights.</summary>
    private static Arbitrary<(long[] Weights, long[] Amounts)> Streams { get; } = Arb.From(
        Gen.Zip(
            Gen.OneOf(Gen.Choose(1, 10_000).Select(i => (long)i), Gen.Choose(1, int.MaxValue).Select(i => (long)i << 9)).ArrayOf().Where(ValidWeights),
            Gen.OneOf(Gen.Choose(0, 4).Select(i => (long)i), Gen.Choose(0, 100_000).Select(i => (long)i), Generators.NonNegativeLong).ArrayOf().Where(a => a.Length <= 200)),
        s => Generators.ShrinkArray(s.Item2, a => a.All(x => x >= 0)).Select(a => (s.Item1, a))
            .Concat(Generators.ShrinkArray(s.Item1, ValidWeights).Select(w => (w, s.Item2))));

    [Fact]
    public void CarryForward_EveryPartIsWithinOneUnitAndNoRunningTotalDriftsByOne() =>
        Prop.ForAll(Streams, stream =>
        {
            var (weights, amounts) = stream;
            Int128 total = weights.Aggregate(Int128.Zero, (s, w) => s + w);
            var carry = new long[weights.Length];
            var paid = new Int128[weights.Length];
            Int128 cumulative = 0;
            foreach (var amount in amounts)
            {
                (var parts, carry) = CarryForwardAllocator.Allocate(amount, weights, carry);
                cumulative += amount;
                Assert.Equal(amount, parts.Aggregate(Int128.Zero, (s, p) => s + p));
                Assert.Equal(Int128.Zero, carry.Aggregate(Int128.Zero, (s, c) => s + c));
                for (var i = 0; i < weights.Length; i++)
                {
                    paid[i] += parts[i];
                    Assert.True(Int128.Abs((Int128)parts[i] * total - (Int128)amount * weights[i]) < total, $"part {i} of {amount} is off by a unit");
                    Assert.True(Int128.Abs(paid[i] * total - cumulative * weights[i]) < total, $"party {i} drifted after {amount}");
                }
            }
        }).Check(Generators.Runs(1_000));

    [Fact]
    public void OverEverySaleAmountFrom1To10000Fen_TheFundIsPaidItsShareToTheFen()
    {
        long[] weights = [7000, 2500, 500];
        var carry = new long[3];
        long fund = 0, total = 0;
        for (long fen = 1; fen <= 10_000; fen++)
        {
            (var parts, carry) = CarryForwardAllocator.Allocate(fen, weights, carry);
            fund += parts[2];
            total += fen;
        }

        // Exact: 5% of 50,005,000 fen = 2,500,250 fen. Floor-first peers pay 0.19% less.
        Assert.Equal(total * 500 / 10_000, fund);
    }

    [Fact]
    public void RandomEconomies_KeepEveryInvariant() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (books, _) = Simulation.Run(seed, steps: 40);

            foreach (var entity in new[] { ElderCare, Cafe, Hub, Fund })
            {
                var balances = books.AllBalances().Where(b => b.Entity == entity).ToList();
                var trialBalance = TrialBalance.Build(books.Definition(), entity, balances, null);
                Assert.All(trialBalance.Sections, s => Assert.Equal(s.TotalDebitBalance, s.TotalCreditBalance));
                Assert.Equal(balances.Sum(b => b.DebitMinorUnits), balances.Sum(b => b.CreditMinorUnits));
                Assert.True(trialBalance.IsBalanced, $"seed {seed}: {entity} does not balance");
            }

            foreach (var stream in books.Fairness())
            {
                Assert.All(stream.Lines, l => Assert.True(Math.Abs(l.Drift) < 0.01m, $"seed {seed}: {stream.Provider} {l.Party} drifted by {l.Drift}"));
                Assert.Equal(stream.Base.MinorUnits, stream.Lines.Sum(l => l.Paid.MinorUnits));
                Assert.True(stream.IsFair);
            }

            foreach (var date in books.Journals().Select(j => j.AccountingDate).Distinct())
            {
                Assert.All(books.Reconcile(date), r =>
                {
                    Assert.Equal(r.ProviderOwes, r.CounterpartyClaims);
                    Assert.True(r.Agrees, $"seed {seed}, as of {date}: {r}");
                });
            }

            foreach (var sale in books.Sales())
            {
                var distributed = sale.Distributed;
                var reversed = sale.Reversed;
                var absorbed = sale.Refunds.Sum(r => r.Absorbed);
                Assert.True(reversed.Provider <= distributed.Provider && reversed.Hub <= distributed.Hub && reversed.Fund + absorbed <= distributed.Fund, $"seed {seed}: sale {sale.Id} reversed more than distributed");
                Assert.Equal(sale.Base.MinorUnits, sale.Distributions.Sum(d => d.Base.MinorUnits) + (sale.Request.Prepaid ? sale.Base.MinorUnits - sale.RecognisedBase.MinorUnits : 0));
                if (!sale.Request.Prepaid && sale.Refundable.IsZero && !distributed.Equals(SharePartition.Zero))
                {
                    Assert.Equal(distributed, reversed with { Fund = reversed.Fund + absorbed });
                }
            }

            Assert.True(ChainVerifier.Verify(books.Journals()).IsIntact);
        }).Check(Generators.Runs(100));

    [Fact]
    public void ReplayingTheSameCommands_GivesTheSameJournals() =>
        Prop.ForAll(Seeds, seed =>
        {
            var first = Simulation.Run(seed, steps: 25).Books.Journals().Select(Shape).ToList();
            var second = Simulation.Run(seed, steps: 25).Books.Journals().Select(Shape).ToList();

            Assert.Equal(first, second);
        }).Check(Generators.Runs(50));

    private static string Shape(Journal journal) =>
        $"{journal.Sequence}|{journal.AccountingDate}|{journal.Kind}|" +
        string.Join(";", journal.Lines.Select(l => $"{l.Entity}:{l.Account}:{l.Side}:{l.Amount}:{l.Dimensions}")) + "|" +
        string.Join(";", journal.Metadata.Where(m => m.Key.StartsWith("distribution.", StringComparison.Ordinal) || m.Key.StartsWith("refund.", StringComparison.Ordinal)));

    /// <summary>Random sequences of sales, deliveries, refunds and settlements from a seed.</summary>
    internal static class Simulation
    {
        internal static (EconomyBooks Books, List<SaleId> Sales) Run(int seed, int steps)
        {
            var random = new Random(seed);
            var policy = DistributionPolicy.Standard(Hub, Fund, Start) with
            {
                HubRefund = random.Next(2) == 0 ? HubRefundRule.NetOnNextStatement : HubRefundRule.ClawbackReceivable,
                FundRefund = random.Next(2) == 0 ? FundRefundRule.OffsetAgainstLaterAccruals : FundRefundRule.AbsorbedByProvider,
            };
            var books = EconomyBooks.Create(policy);
            var sales = new List<SaleId>();
            var prices = new HashSet<long>();
            var day = new LocalDate(2026, 1, 2);
            for (var step = 0; step < steps; step++)
            {
                day = day.PlusDays(random.Next(0, 4));
                switch (random.Next(10))
                {
                    case <= 4:
                        var price = random.Next(3) switch { 0 => random.Next(1, 20), 1 => random.Next(1, 100_000), _ => random.Next(1, 100_000_000) };
                        var package = $"p-{price}";
                        if (prices.Add(price))
                        {
                            books.Publish(MealsPackage() with
                            {
                                Id = package,
                                Tiers = ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice>
                                {
                                    [PricingTier.Paid] = new(Money.FromMinorUnits(price, Currency.CNY)),
                                    [PricingTier.LowCost] = new(Money.FromMinorUnits(price, Currency.CNY), Money.FromMinorUnits(price, Currency.CNY)),
                                }),
                            });
                        }

                        var quantity = random.Next(1, 4);
                        var amount = (long)price * quantity;
                        var request = new SaleRequest(ElderCare, package, random.Next(2) == 0 ? PricingTier.Paid : PricingTier.LowCost, quantity,
                            Money.FromMinorUnits(price, Currency.CNY), (PaymentChannel)random.Next(1, 5), day, $"r-{random.Next(1000)}")
                        {
                            Prepaid = random.Next(4) == 0,
                            Vat = random.Next(3) == 0 && amount > 1 ? Money.FromMinorUnits(random.NextInt64(0, amount), Currency.CNY) : null,
                        };
                        sales.Add(books.SellOk(request).Id);
                        break;
                    case 5 when sales.Count > 0:
                        var prepaid = books.Sale(sales[random.Next(sales.Count)]);
                        if (prepaid.Request.Prepaid && !prepaid.IsCancelled && prepaid.SessionsDelivered < prepaid.Sessions)
                        {
                            var delivered = books.Deliver(new DeliveryRequest(day, random.Next(1, prepaid.Sessions - prepaid.SessionsDelivered + 1)) { Sale = prepaid.Id });
                            Assert.True(delivered.Succeeded, string.Join("; ", delivered.Errors));
                        }

                        break;
                    case 6 or 7 when sales.Count > 0:
                        var sale = books.Sale(sales[random.Next(sales.Count)]);
                        if (sale.Refundable.IsPositive)
                        {
                            var refund = sale.Request.Prepaid || random.Next(3) == 0 ? sale.Refundable.MinorUnits : random.NextInt64(1, sale.Refundable.MinorUnits + 1);
                            var refunded = books.Refund(sale.Id, refund / 100m, day);
                            Assert.True(refunded.Succeeded, string.Join("; ", refunded.Errors));
                        }

                        break;
                    default:
                        var month = new YearMonth(day.Year, day.Month).PlusMonths(-1);
                        var counterparty = random.Next(2) == 0 ? Hub : Fund;
                        var statement = books.Prepare(ElderCare, counterparty, month.Year, month.Month);
                        if (statement.Succeeded)
                        {
                            books.Invoice(statement.Value!.Id);
                            var settled = books.Settle(statement.Value.Id, day);
                            Assert.True(settled.Succeeded || settled.Errors.Single().Code is EconomyErrorCodes.ExceedsPayable or EconomyErrorCodes.InsufficientFunds, string.Join("; ", settled.Errors));
                        }

                        break;
                }
            }

            return (books, sales);
        }
    }
}
