using System.IO.Compression;
using System.Text;
using BenchmarkDotNet.Attributes;
using CommunityFund.EntityFrameworkCore;

namespace CommunityFund.Benchmarks;

/// <summary>Storing a sale record's JSON compressed after the fixed dictionary (ADR 0041): the store's own DEFLATE
/// writer against zlib, which must compress the dictionary before every record (what the store did before).</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class StoredRecordBenchmarks
{
    private const string SaleRecord =
        "{\"i\":\"019e807a-ed38-776e-9471-41e5d39a1970\",\"j\":\"019e807a-eccf-74e7-98c9-028054f83fec\",\"o\":203,\"r\":{\"p\":\"cafe\",\"k\":\"package-2\",\"t\":\"Paid\"," +
        "\"q\":3,\"u\":\"102.00 CNY\",\"c\":\"Bank\",\"dt\":\"2026-02-18\",\"rr\":\"r-101\"},\"pv\":1,\"s\":12,\"a\":\"306.00 CNY\",\"b\":\"306.00 CNY\",\"sd\":12," +
        "\"rc\":\"306.00 CNY\",\"rb\":\"306.00 CNY\",\"d\":[{\"j\":\"019e807a-eccf-7013-9e6f-16274778ae41\",\"dt\":\"2026-02-18\",\"b\":\"306.00 CNY\"," +
        "\"pt\":{\"p\":21420,\"h\":7650,\"f\":1530},\"pr\":\"standard@1\",\"rd\":\"LargestRemainderWithCarry\",\"ca\":[0,0,0]}],\"rk\":[0,0,0,0,0]}";

    [Benchmark(Baseline = true)]
    public int ZlibAfterTheDictionary()
    {
        var utf8 = Encoding.UTF8.GetBytes(SaleRecord);
        using var output = new MemoryStream(StoredJson.Dictionary.Length + utf8.Length);
        long start;
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(StoredJson.Dictionary);
            deflate.Flush();
            start = output.Length;
            deflate.Write(utf8);
        }

        return (int)(output.Length - start);
    }

    [Benchmark]
    public int StoreWriter() => ((byte[])StoredJson.Write(SaleRecord)).Length;
}
