namespace CommunityFund.Tests;

public class CurrencyTests
{
    [Theory]
    [InlineData("CNY", 2, true)]
    [InlineData("HOUR", 2, false)]
    [InlineData("POINT", 0, false)]
    [InlineData("COUNT", 0, false)]
    public void FromCode_KnownCode_GivesUnitWithItsPrecision(string code, int places, bool monetary)
    {
        var currency = Currency.FromCode(code);

        Assert.Equal(code, currency.Code);
        Assert.Equal(places, currency.DecimalPlaces);
        Assert.Equal(monetary, currency.IsMonetary);
    }

    [Theory]
    [InlineData("USD")]
    [InlineData("cny")]
    [InlineData("¥")]
    [InlineData("")]
    public void FromCode_UnknownCode_IsRefused(string code)
    {
        var ex = Assert.Throws<ArgumentException>(() => Currency.FromCode(code));
        Assert.Contains("Unknown currency", ex.Message);
    }

    [Fact]
    public void FromCode_ReturnsTheSingletonInstance() => Assert.Same(Currency.CNY, Currency.FromCode("CNY"));
}
