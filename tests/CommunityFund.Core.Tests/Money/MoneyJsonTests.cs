using System.Text.Json;

namespace CommunityFund.Tests;


public class MoneyJsonTests
{
    [Fact]
    public void Write_AmountIsAStringWithTheUnitsPlaces() =>
        Assert.Equal("""{"amount":"12.30","currency":"CNY"}""", JsonSerializer.Serialize(Money.FromMinorUnits(1230, Currency.CNY)));

    [Fact]
    public void Read_RoundTrips() =>
        Assert.Equal(Money.FromMinorUnits(-5, Currency.HOUR), JsonSerializer.Deserialize<Money>("""{"currency":"HOUR","amount":"-0.05"}"""));

    [Theory]
    [InlineData("""{"amount":12.34,"currency":"CNY"}""", "must be a string")]
    [InlineData("""{"amount":"12.345","currency":"CNY"}""", "at most 2")]
    [InlineData("""{"amount":"1","currency":"USD"}""", "'USD' is unknown")]
    [InlineData("""{"currency":"CNY"}""", "missing 'amount'")]
    [InlineData("""{"amount":"1"}""", "missing 'currency'")]
    [InlineData("""{"amount":"1","currency":"CNY","extra":1}""", "unknown member 'extra'")]
    [InlineData("""{"amount":"1","amount":"2","currency":"CNY"}""", "'amount' twice")]
    [InlineData("\"12.34\"", "must be an object")]
    [InlineData("""{"amount":"1e2","currency":"CNY"}""", "not a decimal amount")]
    public void Read_RefusesWithAPreciseMessage(string json, string expected)
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Money>(json));
        Assert.Contains(expected, ex.Message);
    }
}
