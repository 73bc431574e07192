namespace CommunityFund.Tests;


public class MoneyTests
{
    [Fact]
    public void FromDecimal_ExactAmount_KeepsMinorUnits() => Assert.Equal(1234, Money.FromDecimal(12.34m, Currency.CNY).MinorUnits);

    [Fact]
    public void FromDecimal_TrailingZerosBeyondPrecision_AreAccepted() => Assert.Equal(1234, Money.FromDecimal(12.3400m, Currency.CNY).MinorUnits);

    [Fact]
    public void FromDecimal_MoreDigitsThanTheUnitAllows_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Money.FromDecimal(12.345m, Currency.CNY));
        Assert.Contains("more than 2 decimal place", ex.Message);
    }

    [Fact]
    public void FromDecimal_FractionOfAWholeUnit_IsRefused() => Assert.Throws<ArgumentException>(() => Money.FromDecimal(1.5m, Currency.POINT));

    [Theory]
    [InlineData(0.125, MidpointRounding.ToEven, 12)]
    [InlineData(0.125, MidpointRounding.AwayFromZero, 13)]
    [InlineData(-0.125, MidpointRounding.AwayFromZero, -13)]
    public void Round_IsTheExplicitRoundingEntryPoint(double amount, MidpointRounding rule, long expectedFen) =>
        Assert.Equal(expectedFen, Money.Round((decimal)amount, Currency.CNY, rule).MinorUnits);

    [Fact]
    public void Plus_SameCurrency_Adds() => Assert.Equal(Money.FromMinorUnits(300, Currency.CNY), Money.FromMinorUnits(100, Currency.CNY) + Money.FromMinorUnits(200, Currency.CNY));

    [Fact]
    public void Plus_AcrossUnits_Throws() => Assert.Throws<ArgumentException>(() => Money.FromMinorUnits(1, Currency.CNY).Plus(Money.FromMinorUnits(1, Currency.HOUR)));

    [Fact]
    public void CompareTo_AcrossUnits_Throws() => Assert.Throws<ArgumentException>(() => Money.FromMinorUnits(1, Currency.CNY) < Money.FromMinorUnits(1, Currency.POINT));

    [Fact]
    public void Equals_AcrossUnits_IsFalse() => Assert.NotEqual(Money.FromMinorUnits(1, Currency.CNY), Money.FromMinorUnits(1, Currency.HOUR));

    [Fact]
    public void Plus_Overflow_Throws() => Assert.Throws<OverflowException>(() => Money.FromMinorUnits(long.MaxValue, Currency.CNY) + Money.FromMinorUnits(1, Currency.CNY));

    [Fact]
    public void Times_MultipliesByQuantity() => Assert.Equal(3000, (Money.FromMinorUnits(1000, Currency.CNY) * 3).MinorUnits);

    [Fact]
    public void DefaultValue_HasNoCurrency() => Assert.Throws<InvalidOperationException>(() => default(Money).Currency);

    [Theory]
    [InlineData(1234, "CNY", "12.34 CNY")]
    [InlineData(-5, "CNY", "-0.05 CNY")]
    [InlineData(7, "POINT", "7 POINT")]
    [InlineData(150, "HOUR", "1.50 HOUR")]
    public void ToString_IsInvariantWithTheUnitCode(long minor, string code, string expected) =>
        Assert.Equal(expected, Money.FromMinorUnits(minor, Currency.FromCode(code)).ToString());

    [Theory]
    [InlineData("12.34", 1234)]
    [InlineData("12.3", 1230)]
    [InlineData("12", 1200)]
    [InlineData("-0.05", -5)]
    [InlineData("0", 0)]
    public void Parse_StrictForm_Parses(string text, long expected) => Assert.Equal(expected, Money.Parse(text, Currency.CNY).MinorUnits);

    [Theory]
    [InlineData("12.345")]
    [InlineData("1e3")]
    [InlineData("1,000.00")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("NaN")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    public void Parse_AnythingElse_IsRefused(string text) => Assert.Throws<FormatException>(() => Money.Parse(text, Currency.CNY));
}
