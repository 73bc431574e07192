namespace CommunityFund.Tests.ValueContracts;

/// <summary><see cref="Money"/> and <see cref="Currency"/> keep the value contract.</summary>
public class MoneyContractTests
{
    [Theory]
    [InlineData(1234, 1235)]
    [InlineData(-1, 0)]
    [InlineData(0, 1)]
    [InlineData(long.MinValue, long.MaxValue)]
    public void Money_WithinOneUnit_IsEquatableAndOrdered(long minorUnits, long greater) =>
        ValueContract.AssertEqualityAndOrdering(
            Money.FromMinorUnits(minorUnits, Currency.CNY),
            Money.FromDecimal(Money.FromMinorUnits(minorUnits, Currency.CNY).ToDecimal(), Currency.FromCode("CNY")),
            Money.FromMinorUnits(greater, Currency.CNY));

    [Fact]
    public void Money_FromDecimalParsedAndFromMinorUnits_AreOneValue()
    {
        ValueContract.AssertEqualityAndOrdering(Money.FromDecimal(12.3400m, Currency.CNY), Money.FromMinorUnits(1234, Currency.CNY), Money.FromDecimal(12.35m, Currency.CNY));
        ValueContract.AssertEqualityAndOrdering(Money.Parse("-0.05", Currency.CNY), Money.FromMinorUnits(-5, Currency.CNY), Money.Parse("0", Currency.CNY));
    }

    [Fact]
    public void Money_SameFiguresInAnotherUnit_IsAnotherValue() =>
        ValueContract.AssertEquality(Money.FromMinorUnits(150, Currency.CNY), Money.FromDecimal(1.50m, Currency.CNY), Money.FromMinorUnits(150, Currency.HOUR));

    [Theory]
    [InlineData("HOUR")]
    [InlineData("POINT")]
    [InlineData("COUNT")]
    public void Money_MemoUnits_AreEquatableAndOrdered(string code)
    {
        var unit = Currency.FromCode(code);
        ValueContract.AssertEqualityAndOrdering(Money.FromMinorUnits(5, unit), Money.Zero(unit) + Money.FromMinorUnits(5, unit), Money.FromMinorUnits(6, unit));
    }

    [Fact]
    public void Money_Default_EqualsOnlyItself() =>
        ValueContract.AssertEquality(default(Money), new Money(), Money.Zero(Currency.CNY));

    [Fact]
    public void Money_AcrossUnits_HasNoOrder()
    {
        var cny = Money.FromMinorUnits(1, Currency.CNY);
        var hour = Money.FromMinorUnits(1, Currency.HOUR);
        Assert.Throws<ArgumentException>(() => cny.CompareTo(hour));
        Assert.Throws<ArgumentException>(() => cny <= hour);
        Assert.Throws<ArgumentException>(() => cny >= hour);
        Assert.Throws<ArgumentException>(() => cny > hour);
    }

    [Theory]
    [InlineData("CNY", "HOUR")]
    [InlineData("POINT", "COUNT")]
    public void Currency_IsEquatableByCode(string code, string other) =>
        ValueContract.AssertEquality(Currency.FromCode(code), Currency.All.Single(c => c.Code == code), Currency.FromCode(other));
}
