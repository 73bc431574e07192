using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Posting;
using CommunityFund.Reports;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using static CommunityFund.Tests.Community.CommunityBooks;

namespace CommunityFund.Tests.Community;

/// <summary>Random sequences of the fund's commands never leave restricted balances above the cash that backs them.</summary>
public class RestrictedFundsPropertyTests
{
    /// <summary>What a step does.</summary>
    public enum FundAction
    {
        /// <summary>A donation, restricted or not.</summary>
        Donate,

        /// <summary>A grant, restricted or not.</summary>
        Grant,

        /// <summary>An agency gift received.</summary>
        AgencyIn,

        /// <summary>An agency gift passed on.</summary>
        AgencyOut,

        /// <summary>The month is closed (restrictions released).</summary>
        Close,
    }

    /// <summary>One command of a scenario.</summary>
    /// <param name="Action">What it does.</param>
    /// <param name="Fen">Its amount in fen.</param>
    /// <param name="Restriction">0 for none, else the index of a restriction.</param>
    /// <param name="Beneficiary">The agency beneficiary's index.</param>
    public sealed record FundStep(FundAction Action, long Fen, int Restriction, int Beneficiary)
    {
        /// <summary>Readable in a counterexample.</summary>
        public override string ToString() => $"{Action} {Fen} r{Restriction} b{Beneficiary}";
    }

    private static readonly string?[] Restrictions = [null, "stairway", "elder-meals"];

    private static Gen<FundStep> Steps =>
        from action in Gen.Frequency((4, Gen.Constant(FundAction.Donate)), (4, Gen.Constant(FundAction.Grant)), (2, Gen.Constant(FundAction.AgencyIn)),
            (2, Gen.Constant(FundAction.AgencyOut)), (1, Gen.Constant(FundAction.Close)))
        from fen in Gen.OneOf(Gen.Choose(1, 100), Gen.Choose(1, 500_000)).Select(i => (long)i)
        from restriction in Gen.Choose(0, 2)
        from beneficiary in Gen.Choose(0, 2)
        select new FundStep(action, fen, restriction, beneficiary);

    private static Arbitrary<FundStep[]> Scenarios => Arb.From(Steps.ArrayOf().Where(s => s.Length <= 60), steps => ScenarioShrinker.Shrink(steps, s => s.Fen, (s, fen) => s with { Fen = fen }));

    [Fact]
    public void RestrictedBalances_NeverExceedTheCashThatBacksThem() =>
        Prop.ForAll(Scenarios, steps =>
        {
            var books = CommunityBooks.Create();
            var month = 1;
            foreach (var step in steps)
            {
                var date = new LocalDate(2026, month, 15);
                var before = CashPositions.ComputeAsync(books.Ledgers, CommunityLedger, Fund).GetAwaiter().GetResult();
                var amount = Money.FromMinorUnits(step.Fen, Currency.CNY);
                switch (step.Action)
                {
                    case FundAction.Donate:
                        Assert.True(books.Donate(amount.ToDecimal(), Restrictions[step.Restriction], date).Succeeded);
                        break;
                    case FundAction.Grant:
                        var grant = books.Grant(amount.ToDecimal(), Restrictions[step.Restriction], date);
                        if (Restrictions[step.Restriction] is null)
                        {
                            // An unrestricted grant is paid exactly when it fits the unrestricted cash.
                            Assert.Equal(amount <= before.Available, grant.Succeeded);
                        }
                        else
                        {
                            Assert.True(grant.Succeeded || grant.Errors[0].Code is CommunityErrorCodes.RestrictionInsufficient or EconomyErrorCodes.InsufficientFunds);
                        }

                        break;
                    case FundAction.AgencyIn or FundAction.AgencyOut:
                        var movement = step.Action == FundAction.AgencyIn ? AgencyMovement.Receive : AgencyMovement.PassOn;
                        var agency = books.FundBooks.RecordAgencyGiftAsync(CommunityLedger, new AgencyGift(Fund, movement, $"b-{step.Beneficiary}", date, amount, "gift")).GetAwaiter().GetResult();
                        Assert.True(agency.Succeeded || agency.Errors[0].Code == CommunityErrorCodes.AgencyInsufficient);
                        break;
                    case FundAction.Close when month < 12:
                        Assert.True(books.Close(2026, month).Close.Closed);
                        month++;
                        break;
                    default:
                        break;
                }

                var after = CashPositions.ComputeAsync(books.Ledgers, CommunityLedger, Fund).GetAwaiter().GetResult();
                var restricted = books.Restrictions().Where(r => r.Available.IsPositive).Sum(r => r.Available.MinorUnits);
                Assert.Equal(restricted, after.Restricted.MinorUnits);
                Assert.True(after.Cash.MinorUnits >= restricted + after.Agency.MinorUnits, $"cash {after.Cash} < restricted {after.Restricted} + agency {after.Agency}");
                Assert.All(books.Restrictions(), r => Assert.False(r.Available.IsNegative));
            }
        }).QuickCheckThrowOnFailure();
}
