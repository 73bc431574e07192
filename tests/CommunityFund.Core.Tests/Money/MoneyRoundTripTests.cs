using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace CommunityFund.Tests;


public class MoneyRoundTripTests
{
    /// <summary>Any count of minor units, <see cref="long.MinValue"/> and <see cref="long.MaxValue"/> included, in any
    /// unit; a failing case shrinks its count towards zero and keeps its unit.</summary>
    private static Arbitrary<Money> AnyMoney { get; } = Arb.From(
        Gen.Zip(Generators.AnyLong, Gen.Elements(Currency.All.ToArray())).Select(t => Money.FromMinorUnits(t.Item1, t.Item2)),
        money => Generators.ShrinkLong(money.MinorUnits).Select(minor => Money.FromMinorUnits(minor, money.Currency)));

    public static TheoryData<string> Units => [.. Currency.All.Select(c => c.Code)];

    [Fact]
    public void Parse_ReadsBackTheAmountStringOfLongMinValueFen() =>
        Assert.Equal(Money.FromMinorUnits(long.MinValue, Currency.CNY), Money.Parse("-92233720368547758.08", Currency.CNY));

    [Theory]
    [MemberData(nameof(Units))]
    public void Parse_ReadsBackLongMinValue_InEveryUnit(string code)
    {
        var money = Money.FromMinorUnits(long.MinValue, Currency.FromCode(code));

        Assert.Equal(money, Money.Parse(money.ToAmountString(), money.Currency));
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void Parse_ReadsBackLongMaxValue_InEveryUnit(string code)
    {
        var money = Money.FromMinorUnits(long.MaxValue, Currency.FromCode(code));

        Assert.Equal(money, Money.Parse(money.ToAmountString(), money.Currency));
    }

    [Theory]
    [InlineData("-92233720368547758.09", "CNY")]
    [InlineData("92233720368547758.08", "CNY")]
    [InlineData("-9223372036854775809", "POINT")]
    [InlineData("9223372036854775808", "POINT")]
    public void Parse_OneMinorUnitBeyondTheRangeOfLong_IsTooLarge(string text, string code)
    {
        var ex = Assert.Throws<FormatException>(() => Money.Parse(text, Currency.FromCode(code)));
        Assert.Equal($"'{text}' is too large.", ex.Message);
    }

    [Fact]
    public void Parse_LeadingZeros_DoNotCountTowardsTheSize() =>
        Assert.Equal(-1234, Money.Parse("-000000000000000000000012.34", Currency.CNY).MinorUnits);

    [Fact]
    public void Json_ReadsBackLongMinValueFen()
    {
        var money = Money.FromMinorUnits(long.MinValue, Currency.CNY);

        var json = JsonSerializer.Serialize(money);

        Assert.Equal("""{"amount":"-92233720368547758.08","currency":"CNY"}""", json);
        Assert.Equal(money, JsonSerializer.Deserialize<Money>(json));
    }

    [Fact]
    public void Json_AmountBeyondTheRangeOfLong_IsRefusedAsTooLarge()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Money>("""{"amount":"-92233720368547758.09","currency":"CNY"}"""));
        Assert.Equal("Money 'amount': '-92233720368547758.09' is too large.", ex.Message);
    }

    [Fact]
    public void Parse_Property_ReadsBackTheAmountStringOfEveryMoney() =>
        Prop.ForAll(AnyMoney, money => Money.Parse(money.ToAmountString(), money.Currency) == money)
            .Check(Generators.Runs(10_000));

    [Fact]
    public void Json_Property_ReadsBackEveryMoney() =>
        Prop.ForAll(AnyMoney, money => JsonSerializer.Deserialize<Money>(JsonSerializer.Serialize(money)) == money)
            .Check(Generators.Runs(10_000));
}
