namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>A record's JSON as SQLite stores it (issue 20, ADR 0031): compressed after a fixed dictionary when that is
/// shorter, and always read back as the very string written.</summary>
public sealed class StoredJsonTests
{
    private const string SaleRecord =
        "{\"i\":\"019e807a-ed38-776e-9471-41e5d39a1970\",\"j\":\"019e807a-eccf-74e7-98c9-028054f83fec\",\"o\":203,\"r\":{\"p\":\"cafe\",\"k\":\"package-2\",\"t\":\"Paid\"," +
        "\"q\":3,\"u\":\"102.00 CNY\",\"c\":\"Bank\",\"dt\":\"2026-02-18\",\"rr\":\"r-101\"},\"pv\":1,\"s\":12,\"a\":\"306.00 CNY\",\"b\":\"306.00 CNY\",\"sd\":12," +
        "\"rc\":\"306.00 CNY\",\"rb\":\"306.00 CNY\",\"d\":[{\"j\":\"019e807a-eccf-7013-9e6f-16274778ae41\",\"dt\":\"2026-02-18\",\"b\":\"306.00 CNY\"," +
        "\"pt\":{\"p\":21420,\"h\":7650,\"f\":1530},\"pr\":\"standard@1\",\"rd\":\"LargestRemainderWithCarry\",\"ca\":[0,0,0]}],\"rk\":[0,0,0,0,0]}";

    [Fact]
    public void ASaleRecord_IsStoredInUnderAThirdOfItsBytes_AndReadsBackTheSame()
    {
        var stored = Assert.IsType<byte[]>(StoredJson.Write(SaleRecord));

        Assert.Equal(StoredJson.Deflated, stored[0]);
        Assert.True(stored.Length * 3 < SaleRecord.Length, $"{stored.Length} bytes for {SaleRecord.Length}");
        Assert.Equal(SaleRecord, StoredJson.Read(stored));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("\"019e807a-f083-7794-a393-31d1f35575ab\"")]
    public void AShortRecord_IsStoredAsItsText(string json) => Assert.Same(json, StoredJson.Write(json));

    [Fact]
    public void TextOfAnyKind_ReadsBackTheSame()
    {
        var random = new Random(31);
        foreach (var length in new[] { 96, 500, 5_000, 70_000 })
        {
            var json = "\uFEFF\"长者助餐 ☃ \U0001F600 " + string.Concat(Enumerable.Range(0, length).Select(_ => (char)random.Next(32, 0x2FFF))) + "\"";
            var stored = StoredJson.Write(json);

            Assert.Equal(json, stored is byte[] bytes ? StoredJson.Read(bytes) : stored);
        }
    }

    [Fact]
    public void ABlobOfAnotherFormat_IsRefusedWithUpgradeTheProgram()
    {
        var error = Assert.Throws<InvalidDataException>(() => StoredJson.Read([2, 1, 2, 3]));

        Assert.Contains("upgrade the program", error.Message, StringComparison.Ordinal);
    }
}
