using System.Text.Json;
using CommunityFund.Ledger;

namespace CommunityFund.Tests.Ledger;

public class ValueJsonTests
{
    [Fact]
    public void Identifiers_AndCodes_AreWrittenAsStrings() =>
        Assert.Equal("""["demo","hub","2209.01","CNY"]""",
            JsonSerializer.Serialize(new object[] { LedgerId.From("demo"), EntityId.From("hub"), AccountCode.Parse("2209.01"), Currency.CNY }));

    [Fact]
    public void AccountCode_ReadsBackFromItsString() => Assert.Equal(AccountCode.Parse("M400"), JsonSerializer.Deserialize<AccountCode>("\"M400\""));

    [Theory]
    [InlineData("\"Not An Id\"")]
    [InlineData("12")]
    public void EntityId_InvalidJson_IsRefused(string json) => Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<EntityId>(json));
}
