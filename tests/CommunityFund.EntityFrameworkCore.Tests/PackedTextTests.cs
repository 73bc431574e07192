namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>A hash, key or source reference as PostgreSQL stores it (issue 20, ADR 0035): the canonical forms of UUIDs
/// and hashes as their bytes, any other text as a zero byte and its UTF-8 (padded off the lengths 16 and 32, which are
/// the UUIDs' and hashes') — every text read back exactly as written.</summary>
public sealed class PackedTextTests
{
    [Theory]
    [InlineData("019e807a-ec9c-7bb8-9fc0-ed2088852b9a", 16)]
    [InlineData("b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c", 32)]
    [InlineData("019E807A-EC9C-7BB8-9FC0-ED2088852B9A", 37)]
    [InlineData("{019e807a-ec9c-7bb8-9fc0-ed2088852b9a}", 39)]
    [InlineData("B5BB9D8014A0F9B1D61E21E796D78DCCDF1352F23CD32812F4850B878AE4944C", 65)]
    [InlineData("sixteen-chars-ok", 17)]
    [InlineData("thirty-two-characters-of-a-key!!", 33)]
    [InlineData("clearing:alipay", 17)]
    [InlineData("长者助餐课", 17)]
    [InlineData("thirty-one-characters-of-a-key!", 33)]
    [InlineData("sale:019e807a-ec9c-7bb8-9fc0-ed2088852b9a", 42)]
    [InlineData("长者 key", 11)]
    [InlineData("", 1)]
    public void AText_IsStoredInItsShortestUnambiguousForm_AndReadsBackTheSame(string text, int bytes)
    {
        var stored = PackedText.Write(text);

        Assert.Equal((bytes, text), (stored.Length, PackedText.Read(stored)));
    }

    [Fact]
    public void TheEmptyForm_IsNoText_SoItCanMeanTheSameAsTheJournalBefore() =>
        Assert.DoesNotContain(new[] { "", "0", "-" }, text => PackedText.Write(text).Length == 0);

    [Fact]
    public void BytesOfAnotherForm_AreRefusedWithUpgradeTheProgram()
    {
        var error = Assert.Throws<InvalidDataException>(() => PackedText.Read([1, 65, 66]));

        Assert.Contains("upgrade the program", error.Message, StringComparison.Ordinal);
    }
}
