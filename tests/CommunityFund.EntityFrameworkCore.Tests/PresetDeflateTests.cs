using System.IO.Compression;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>The records' own DEFLATE writer (ADR 0041): whatever it compresses, zlib's inflater reads back byte for byte
/// after the dictionary, and a sale record takes no more bytes than zlib's own compressor gave it.</summary>
public sealed class PresetDeflateTests
{
    private static readonly PresetDeflate Deflate = new(StoredJson.Dictionary);

    /// <summary>Bytes of every kind: random, JSON-like text made of the dictionary's pieces and new ones, and long runs.</summary>
    private static Arbitrary<byte[]> Inputs { get; } = Arb.From(Gen.OneOf(
        ArbMap.Default.ArbFor<byte[]>().Generator,
        Gen.Elements("\"i\":\"", "01900000-0000-7000-8000-", "\"u\":\"", "CNY\",", "长者助餐", "{\"p\":", "7", "a1", "\"", "}", ",\"rk\":[0,0,0,0,0]}")
            .ArrayOf().Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts))),
        Gen.Zip(Gen.Choose(0, 255), Gen.Choose(0, 2_000)).Select(run => Enumerable.Repeat((byte)run.Item1, run.Item2).ToArray())));

    [Fact]
    public void AnyBytes_InflateBackAfterTheDictionary() =>
        Prop.ForAll(Inputs, data => Assert.Equal(data, Inflate(Deflate.Compress(data, StoredJson.Deflated))))
            .QuickCheckThrowOnFailure();

    [Theory]
    [InlineData(40_000)]
    [InlineData(100_000)]
    public void TextLongerThanTheWindow_InflatesBack_MatchingOnlyWithin32KiB(int length)
    {
        // Repeats 40 KiB apart cannot be matched (DEFLATE reaches 32 KiB back); those 20 KiB apart can.
        var random = new Random(length);
        var block = new byte[20_000];
        random.NextBytes(block);
        var data = Enumerable.Range(0, length).Select(i => block[i % block.Length]).ToArray();

        Assert.Equal(data, Inflate(Deflate.Compress(data, StoredJson.Deflated)));
    }

    [Fact]
    public void SaleRecords_TakeNoMoreBytesThanZlibGaveThem()
    {
        var records = Enumerable.Range(0, 50).Select(SaleRecord).ToList();

        var ours = records.Sum(r => Deflate.Compress(r, StoredJson.Deflated).Length - 1);
        var zlibs = records.Sum(r => Zlib(r).Length);

        Assert.True(ours <= zlibs, $"{ours} bytes against zlib's {zlibs}");
    }

    [Fact]
    public void ASaleRecord_IsWrittenWithDynamicCodes_AndARunOfOneByteWithTheFixedOnes()
    {
        Assert.Equal(BlockType.Dynamic, TypeOf(Deflate.Compress(SaleRecord(1), StoredJson.Deflated)));
        Assert.Equal(BlockType.Fixed, TypeOf(Deflate.Compress(Enumerable.Repeat((byte)'a', 1_000).ToArray(), StoredJson.Deflated)));
    }

    [Fact]
    public void CodeLengths_AreLimitedTo15Bits_AndStillACompleteCode()
    {
        // Fibonacci counts make Huffman's tree as deep as it gets: 29 levels for 30 symbols.
        var counts = new int[30];
        (counts[0], counts[1]) = (1, 1);
        for (var i = 2; i < counts.Length; i++)
        {
            counts[i] = counts[i - 1] + counts[i - 2];
        }

        var lengths = HuffmanCode.Limited(counts, 15);

        Assert.InRange(lengths.Max(), 1, 15);
        Assert.Equal(1.0, lengths.Sum(l => Math.Pow(2, -l)), 12);
    }

    [Fact]
    public void ACodeOfOneUsedSymbol_GetsASecondSymbol_SoInflatersTakeIt()
    {
        var lengths = HuffmanCode.Limited([0, 0, 7, 0], 15);

        Assert.Equal([1, 0, 1, 0], lengths.Select(l => (int)l));
    }

    private enum BlockType
    {
        Fixed = 1,
        Dynamic = 2,
    }

    /// <summary>The first block's type: the two bits after BFINAL, behind the format byte.</summary>
    private static BlockType TypeOf(byte[] stored) => (BlockType)((stored[1] >> 1) & 0b11);

    private static byte[] SaleRecord(int i) => Encoding.UTF8.GetBytes(
        $"{{\"i\":\"{Guid.CreateVersion7()}\",\"j\":\"{Guid.CreateVersion7()}\",\"o\":{203 + i},\"r\":{{\"p\":\"cafe\",\"k\":\"package-{i % 7}\",\"t\":\"Paid\"," +
        $"\"q\":{1 + (i % 3)},\"u\":\"{100 + i}.00 CNY\",\"c\":\"Bank\",\"dt\":\"2026-02-18\",\"rr\":\"r-{i}\"}},\"pv\":1,\"s\":12,\"a\":\"306.00 CNY\",\"b\":\"306.00 CNY\",\"sd\":12," +
        $"\"rc\":\"306.00 CNY\",\"rb\":\"306.00 CNY\",\"d\":[{{\"j\":\"{Guid.CreateVersion7()}\",\"dt\":\"2026-02-18\",\"b\":\"306.00 CNY\"," +
        "\"pt\":{\"p\":21420,\"h\":7650,\"f\":1530},\"pr\":\"standard@1\",\"rd\":\"LargestRemainderWithCarry\",\"ca\":[0,0,0]}],\"rk\":[0,0,0,0,0]}");

    /// <summary>What zlib writes for the record after the dictionary (as the store did before ADR 0041).</summary>
    private static byte[] Zlib(byte[] record)
    {
        using var output = new MemoryStream();
        long start;
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(StoredJson.Dictionary);
            deflate.Flush();
            start = output.Length;
            deflate.Write(record);
        }

        return output.ToArray()[(int)start..];
    }

    /// <summary>zlib's inflate of a stored record (the format byte dropped), after the dictionary as a stored block.</summary>
    private static byte[] Inflate(byte[] stored)
    {
        var dictionary = StoredJson.Dictionary;
        using var input = new MemoryStream();
        input.Write(unchecked([0, (byte)dictionary.Length, (byte)(dictionary.Length >> 8), (byte)~dictionary.Length, (byte)(~dictionary.Length >> 8)]));
        input.Write(dictionary);
        input.Write(stored, 1, stored.Length - 1);
        input.Position = 0;
        using var inflate = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflate.CopyTo(output);
        return output.ToArray()[dictionary.Length..];
    }
}
