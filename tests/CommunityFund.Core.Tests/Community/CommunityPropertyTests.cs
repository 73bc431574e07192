using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using static CommunityFund.Tests.Community.CommunityBooks;

namespace CommunityFund.Tests.Community;

public class CommunityPropertyTests
{
    private static Arbitrary<int> Seeds => Generators.Seeds;

    [Fact]
    public void Obligations_OwedMinusDeliveredIsShortfallMinusSurplus_AndTheMemoLedgerAgrees() =>
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            var books = CommunityBooks.Create();
            var start = Start.PlusDays(random.Next(0, 60));
            var end = start.PlusMonths(random.Next(1, 24)).PlusDays(random.Next(-1, 20));
            var agreement = Lease(start: start, end: end, frequency: random.Next(2) == 0 ? RentFrequency.Monthly : RentFrequency.Quarterly) with
            {
                Obligations = [new ServiceObligation("sessions", Sessions(random.Next(1, 40))), new ServiceObligation("hours", Money.FromMinorUnits(random.Next(1, 5_000), Currency.HOUR))],
            };
            books.Active(agreement);
            if (random.Next(3) == 0 && end > start.PlusDays(1))
            {
                var lastDay = start.PlusDays(random.Next(0, Period.Between(start, end, PeriodUnits.Days).Days));
                Assert.True(books.End(agreement.Id, AgreementEnding.Terminated, lastDay, "evaluation failed").Succeeded);
            }

            var current = books.Agreements.GetAsync(CommunityLedger, agreement.Id).GetAwaiter().GetResult()!;
            var asOf = start.PlusDays(random.Next(0, Period.Between(start, current.LastDay, PeriodUnits.Days).Days + 1));
            Assert.True(books.PostDue(agreement.Id, asOf).Succeeded);
            for (var i = random.Next(0, 30); i > 0; i--)
            {
                var date = start.PlusDays(random.Next(0, Period.Between(start, asOf, PeriodUnits.Days).Days + 1));
                var hours = random.Next(2) == 0;
                var result = books.Deliver(agreement.Id, hours ? "hours" : "sessions", date,
                    hours ? Money.FromMinorUnits(random.Next(1, 3_000), Currency.HOUR) : Sessions(random.Next(1, 15)), random.Next(0, 50));
                Assert.True(result.Succeeded, string.Join("; ", result.Errors));
            }

            var status = books.Status(agreement.Id, asOf);
            foreach (var month in status.Months)
            {
                Assert.False(month.Shortfall.IsPositive && month.Surplus.IsPositive);
                Assert.Equal(month.Owed - month.Delivered, month.Shortfall - month.Surplus);
            }

            foreach (var (unit, code) in new[] { (Currency.COUNT, "M500"), (Currency.HOUR, "M510") })
            {
                var total = status.Totals.Single(t => t.Owed.Currency == unit);
                Assert.Equal(total.Owed - total.Delivered, total.Shortfall - total.Surplus);
                Assert.Equal(total.Owed, books.Balance(ElderCare, $"{code}.01", unit));
                Assert.Equal(total.Delivered, books.Balance(ElderCare, $"{code}.02", unit));
            }

            AssertMemoUnitsSumToZero(books);
        }).Check(Generators.Runs(100));

    [Fact]
    public void Restrictions_NeverGoNegative_AndAgencyNetsToZeroPerBeneficiary() =>
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            var books = CommunityBooks.Create();
            string?[] restrictions = [null, "stairway", "elder-meals"];
            string[] beneficiaries = ["b-1", "b-2", "b-3"];
            var month = 1;
            for (var step = random.Next(5, 60); step > 0; step--)
            {
                var date = new LocalDate(2026, month, random.Next(1, 29));
                var restriction = restrictions[random.Next(restrictions.Length)];
                switch (random.Next(6))
                {
                    case 0:
                        Assert.True(books.Donate(random.Next(1, 200_000) / 100m, restriction, date).Succeeded);
                        break;
                    case 1 or 2:
                        var grant = books.Grant(random.Next(1, 150_000) / 100m, restriction, date);
                        Assert.True(grant.Succeeded || grant.Errors[0].Code is CommunityErrorCodes.RestrictionInsufficient or EconomyErrorCodes.InsufficientFunds or CommunityErrorCodes.GrantExceedsUnrestricted);
                        break;
                    case 3:
                        var movement = random.Next(2) == 0 ? AgencyMovement.Receive : AgencyMovement.PassOn;
                        var agency = books.FundBooks.RecordAgencyGiftAsync(CommunityLedger,
                            new AgencyGift(Fund, movement, beneficiaries[random.Next(3)], date, Money.FromMinorUnits(random.Next(1, 50_000), Currency.CNY), "gift")).GetAwaiter().GetResult();
                        Assert.True(agency.Succeeded || agency.Errors[0].Code == CommunityErrorCodes.AgencyInsufficient);
                        break;
                    case 4 when month < 12:
                        Assert.True(books.Close(2026, month).Close.Closed);
                        month++;
                        break;
                    default:
                        break;
                }

                Assert.All(books.Restrictions(), r => Assert.False(r.Available.IsNegative, $"seed {seed}: {r.Restriction} went negative"));
                Assert.False(books.Balance(Fund, "1002.02").IsNegative);
            }

            Assert.True(books.Close(2026, month).Close.Closed);
            foreach (var restriction in books.Restrictions())
            {
                // After a close, what 3102 holds for a purpose is exactly what remains available for it.
                var held = books.Ledgers.ReadJournalsAsync(CommunityLedger, 0, int.MaxValue).GetAwaiter().GetResult()
                    .SelectMany(j => j.Lines)
                    .Where(l => l.Account == AccountCode.Parse("3102") && l.Dimensions.TryGetValue(DimensionNames.Restriction, out var r) && r == restriction.Restriction)
                    .Sum(l => -l.SignedMinorUnits);
                Assert.Equal(restriction.Available.MinorUnits, held);
                Assert.Equal(restriction.Spent, restriction.Released);
            }

            foreach (var held in books.FundBooks.AgencyAsync(CommunityLedger, Fund).GetAwaiter().GetResult())
            {
                Assert.Equal(held.Held, held.Owed);
                Assert.False(held.Held.IsNegative);
            }

            Assert.Equal(books.Balance(Fund, "1701"), -books.Balance(Fund, "2601"));
        }).Check(Generators.Runs(100));

    [Fact]
    public void DonatedUse_RecognisedAndInTheMemo_IsExactlyTheUseOfTheMonthsOverUpToTheLastDay() =>
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            var books = CommunityBooks.Create();
            books.UseDonatedUse(DonatedUse.RecognizeAtFairValue);
            var start = Start.PlusDays(random.Next(0, 60));
            var end = start.PlusMonths(random.Next(1, 30)).PlusDays(random.Next(-1, 20));
            var frequency = new[] { RentFrequency.Monthly, RentFrequency.Quarterly, RentFrequency.Yearly }[random.Next(3)];
            var lease = Lease(start: start, end: end, frequency: frequency);
            lease = lease with { Lease = lease.Lease! with { FairRent = new FairValue(Money.FromMinorUnits(random.Next(100, 10_000_000), Currency.CNY), "survey") } };
            books.Active(lease);
            var days = Period.Between(start, end, PeriodUnits.Days).Days;
            var firstRun = start.PlusDays(random.Next(0, days + 1));
            Assert.True(books.PostDue(lease.Id, firstRun).Succeeded);
            if (random.Next(2) == 0 && days > 1)
            {
                // Sometimes before what was posted (back-dated), sometimes after.
                var lastDay = start.PlusDays(random.Next(0, days));
                Assert.True(books.End(lease.Id, AgreementEnding.Terminated, lastDay, "evaluation failed").Succeeded);
            }

            var current = books.Agreements.GetAsync(CommunityLedger, lease.Id).GetAwaiter().GetResult()!;
            // A month still open when the agreement ends is posted, cut at the last day, by the next run.
            var through = firstRun.PlusDays(random.Next(0, days + 1));
            Assert.True(books.PostDue(lease.Id, through).Succeeded);

            var expected = current.ObligationMonths().Select((month, index) => (month, index)).Where(m => m.month.End <= through)
                .Aggregate(Money.Zero(Currency.CNY), (sum, m) => sum + CommunityAgreements.UseValue(current, m.month, m.index));
            Assert.Equal(expected, books.Balance(ElderCare, "M400.01"));
            Assert.Equal(-expected, books.Balance(ElderCare, "4101.01"));
            AssertMemoUnitsSumToZero(books);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void UseValue_OfTheMonthsOfAFullRentPeriod_SumsExactlyToItsFairRentGap() =>
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            var frequency = new[] { RentFrequency.Monthly, RentFrequency.Quarterly, RentFrequency.Yearly }[random.Next(3)];
            var lease = Lease(frequency: frequency, end: Start.PlusYears(2));
            var fair = Money.FromMinorUnits(random.Next(100, 100_000_000), Currency.CNY);
            lease = lease with { Lease = lease.Lease! with { FairRent = new FairValue(fair, "survey") } };

            var months = lease.ObligationMonths().Take((int)frequency).Select((month, index) => CommunityAgreements.UseValue(lease, month, index)).ToList();

            Assert.Equal(fair - lease.Lease!.NominalRent, months.Aggregate((a, b) => a + b));
            Assert.True(months.Max()!.MinorUnits - months.Min()!.MinorUnits <= 1);
        }).QuickCheckThrowOnFailure();

    private static void AssertMemoUnitsSumToZero(CommunityBooks books)
    {
        foreach (var group in books.AllBalances().Where(b => b.Account.IsMemo).GroupBy(b => (b.Entity, b.Unit)))
        {
            Assert.Equal(0, group.Sum(b => b.DebitMinorUnits - b.CreditMinorUnits));
        }
    }
}
