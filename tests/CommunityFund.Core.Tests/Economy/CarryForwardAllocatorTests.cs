using CommunityFund.Economy;

namespace CommunityFund.Tests.Economy;

/// <summary>Exact cases of the carry-forward split, above all its documented tie-break: a leftover unit that two
/// parties are owed equally goes to the earlier party.</summary>
public class CarryForwardAllocatorTests
{
    [Fact]
    public void EqualClaims_FromZeroCarries_TheUnitGoesToTheFirstParty()
    {
        var (parts, carry) = CarryForwardAllocator.Allocate(1, [1, 1], [0, 0]);

        Assert.Equal([1L, 0L], parts);
        Assert.Equal([-1L, 1L], carry);
    }

    [Fact]
    public void EqualClaims_AmongThree_TheTwoUnitsGoToTheFirstTwoParties()
    {
        var (parts, carry) = CarryForwardAllocator.Allocate(2, [1, 1, 1], [0, 0, 0]);

        Assert.Equal([1L, 1L, 0L], parts);
        Assert.Equal([-1L, -1L, 2L], carry);
    }

    [Fact]
    public void EqualClaims_OfTheLaterParties_TheUnitGoesToTheEarlierOfThem()
    {
        // Claims (carry + remainder): party 0 −2 + 1 = −1, parties 1 and 2 each 1 + 1 = 2.
        var (parts, carry) = CarryForwardAllocator.Allocate(1, [1, 1, 1], [-2, 1, 1]);

        Assert.Equal([0L, 1L, 0L], parts);
        Assert.Equal([-1L, -1L, 2L], carry);
    }

    [Fact]
    public void TheCarry_HandsTheNextTieBreakingUnitToThePartyPassedOver()
    {
        var (first, carry) = CarryForwardAllocator.Allocate(1, [1, 1], [0, 0]);
        var (second, back) = CarryForwardAllocator.Allocate(1, [1, 1], carry);

        Assert.Equal([1L, 0L], first);
        Assert.Equal([0L, 1L], second);
        Assert.Equal([0L, 0L], back);
    }

    [Fact]
    public void AStreamOfOneFenSales_SplitSeventyTwentyFiveFive_PaysEachFenToThePartyOwedMost()
    {
        long[] weights = [7000, 2500, 500];
        var carry = new long[3];
        var winners = new List<int>();
        for (var i = 0; i < 9; i++)
        {
            (var parts, carry) = CarryForwardAllocator.Allocate(1, weights, carry);
            winners.Add(Array.IndexOf(parts, 1L));
        }

        // Worked by hand: claims (carry + remainder, in 1/10000 fen) 7000|2500|500 → provider; 4000|5000|1000 → hub;
        // 11000|−2500|1500, 8000|0|2000, 5000|2500|2500 → provider; 2000|5000|3000 → hub; 9000|−2500|3500,
        // 6000|0|4000 → provider; 3000|2500|4500 → fund. After 9 fen: 6, 2 and 1 against exact 6.3, 2.25 and 0.45.
        Assert.Equal([0, 1, 0, 0, 0, 1, 0, 0, 2], winners);
    }

    [Fact]
    public void ASplitWithoutLeftover_GivesEachPartyItsExactShare_AndKeepsTheCarries()
    {
        var (parts, carry) = CarryForwardAllocator.Allocate(10_000, [7000, 2500, 500], [-3000, 2000, 1000]);

        Assert.Equal([7000L, 2500L, 500L], parts);
        Assert.Equal([-3000L, 2000L, 1000L], carry);
    }

    [Theory]
    [InlineData(-1, new long[] { 1 }, new long[] { 0 })]
    [InlineData(1, new long[] { }, new long[] { })]
    [InlineData(1, new long[] { 1, 1, 1, 1 }, new long[] { 0, 0, 0, 0 })]
    [InlineData(1, new long[] { 1, 1 }, new long[] { 0 })]
    [InlineData(1, new long[] { 1, -1 }, new long[] { 0, 0 })]
    [InlineData(1, new long[] { 0, 0 }, new long[] { 0, 0 })]
    [InlineData(1, new long[] { 1, 1 }, new long[] { 2, -2 })]
    [InlineData(1, new long[] { 1, 1 }, new long[] { 1, 0 })]
    [InlineData(1, new long[] { 3, -1 }, new long[] { 0, 0 })]
    [InlineData(1, new long[] { 1, 1, 1 }, new long[] { 3, -2, -1 })]
    [InlineData(1, new long[] { 1, 1, 1 }, new long[] { -3, 2, 1 })]
    public void InputsOutsideTheRules_AreRefused(long amount, long[] weights, long[] carry) =>
        Assert.Throws<ArgumentException>(() => CarryForwardAllocator.Allocate(amount, weights, carry));

    [Fact]
    public void NullWeightsOrCarries_AreRefused()
    {
        Assert.Throws<ArgumentNullException>(() => CarryForwardAllocator.Allocate(1, null!, [0]));
        Assert.Throws<ArgumentNullException>(() => CarryForwardAllocator.Allocate(1, [1], null!));
    }

    [Fact]
    public void APartyWhoseShareIsWhole_GetsNoLeftoverUnit_HoweverMuchItIsOwed()
    {
        // 2 over 2/1/1: exact 1, 0.5, 0.5. Party 0 is owed most (carry 3) but its share is whole; the unit goes to the
        // party owed most among those with a remainder (party 2: −1 + 2 against party 1: −2 + 2).
        var (parts, carry) = CarryForwardAllocator.Allocate(2, [2, 1, 1], [3, -2, -1]);

        Assert.Equal([1L, 0L, 1L], parts);
        Assert.Equal([3L, 0L, -3L], carry);
    }
}
