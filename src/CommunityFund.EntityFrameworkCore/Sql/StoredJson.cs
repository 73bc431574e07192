using System.Data.Common;
using System.IO.Compression;
using System.Text;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// A record's JSON as SQLite stores it since <c>CompactChain</c> (issue 20, ADR 0031): when it takes at least
/// <see cref="MinimumBytes"/> bytes of UTF-8, as a BLOB of one format byte (<see cref="Deflated"/>) and the UTF-8 bytes
/// compressed with raw DEFLATE (RFC 1951) as if they followed <see cref="Dictionary"/> in one stream — so the record's
/// strings found in the dictionary (property names, the tier, channel and policy names, the UUID's and amount's
/// shapes) cost a back-reference each: a sale record's ≈ 500 bytes become ≈ 150 (≈ 290 without the dictionary) — if
/// that is shorter; otherwise as its text. The column's TEXT affinity keeps a BLOB as it is, so the text written before
/// reads as it did, and a record reads back as the very string written. PostgreSQL stores the same in a <c>bytea</c>
/// since <c>PackedRecords</c> (ADR 0035; its TOAST compresses only values of more than 2 kB): the compressed bytes, or
/// the format byte <see cref="Text"/> and the UTF-8 text (<see cref="WriteBytes"/>).
/// </summary>
/// <remarks>
/// .NET's <see cref="DeflateStream"/> has no preset dictionary. The writer is the store's own (<see cref="PresetDeflate"/>,
/// ADR 0041: until then zlib compressed the dictionary before every record and the store kept what followed a sync
/// flush); the reader puts the dictionary in front as a stored (uncompressed) block, inflates with zlib, and drops the
/// dictionary's bytes. The reader needs only the dictionary's bytes, not any writer's encoding of them, so records of
/// either writer read the same. <b>The dictionary is part of the stored format and never changes</b>: another one needs
/// another format byte.
/// </remarks>
internal static class StoredJson
{
    /// <summary>The format byte of a record stored compressed: raw DEFLATE of the UTF-8 JSON after
    /// <see cref="Dictionary"/> follows.</summary>
    internal const byte Deflated = 1;

    /// <summary>The format byte of a record stored as its UTF-8 text in bytes (PostgreSQL's <c>bytea</c>: a record too
    /// short to compress, or written before <c>PackedRecords</c>).</summary>
    internal const byte Text = 0;

    /// <summary>Below this many bytes a record is stored as its text.</summary>
    internal const int MinimumBytes = 96;

    /// <summary>Format 1's dictionary: a sale record of schema version 3 (<c>SaleRecordJson.ShortNames</c>) and the names
    /// its values take. Never changed (see the remarks).</summary>
    internal static readonly byte[] Dictionary = Encoding.UTF8.GetBytes(
        "LowCost\",\"c\":\"Cash\",\"Bank\",\"Alipay\",\"pr\":\"\"}," +
        "{\"i\":\"01900000-0000-7000-8000-000000000000\",\"j\":\"01900000-0000-7000-8000-000000000000\",\"o\":1,\"r\":{\"p\":\"provider\"," +
        "\"k\":\"package-1\",\"t\":\"Paid\",\"q\":1,\"u\":\"100.00 CNY\",\"c\":\"WeChatPay\",\"dt\":\"2026-01-01\",\"rr\":\"r-1\"," +
        "\"py\":\"4200001000000000000000000000\"},\"pv\":1,\"s\":2,\"a\":\"100.00 CNY\",\"b\":\"100.00 CNY\",\"sd\":2,\"rc\":\"100.00 CNY\"," +
        "\"rb\":\"100.00 CNY\",\"d\":[{\"j\":\"01900000-0000-7000-8000-000000000000\",\"dt\":\"2026-01-01\",\"b\":\"100.00 CNY\"," +
        "\"pt\":{\"p\":7000,\"h\":2500,\"f\":500},\"pr\":\"standard@1\",\"rd\":\"LargestRemainderWithCarry\",\"ca\":[0,0,0]}],\"rk\":[0,0,0,0,0]}");

    /// <summary>The dictionary's compressor (its hash chains built once).</summary>
    private static readonly PresetDeflate Compressor = new(Dictionary);

    /// <summary>The dictionary as a stored, non-final DEFLATE block: what the reader puts in front.</summary>
    private static readonly byte[] DictionaryBlock = StoredBlock(Dictionary);

    /// <summary>A non-final stored DEFLATE block of <paramref name="data"/> (at most 65,535 bytes): a zero byte (BFINAL 0,
    /// BTYPE 00, padding), the length and its one's complement, little-endian, then the bytes.</summary>
    private static byte[] StoredBlock(byte[] data)
    {
        var length = (ushort)data.Length;
        var complement = unchecked((ushort)~length);
        return [0, (byte)(length & 0xFF), (byte)(length >> 8), (byte)(complement & 0xFF), (byte)(complement >> 8), .. data];
    }

    /// <summary>The record's JSON as SQLite stores it: the compressed bytes when they are shorter, else the text.</summary>
    internal static object Write(string json)
    {
        if (json.Length * 3 < MinimumBytes)
        {
            return json;
        }

        var utf8 = Encoding.UTF8.GetBytes(json);
        if (utf8.Length < MinimumBytes)
        {
            return json;
        }

        var compressed = Compressor.Compress(utf8, Deflated);
        return compressed.Length < utf8.Length ? compressed : json;
    }

    /// <summary>The record's JSON as PostgreSQL stores it (ADR 0035): <see cref="Write"/>'s compressed bytes, or the
    /// format byte <see cref="Text"/> and the UTF-8 text.</summary>
    internal static byte[] WriteBytes(string json) => Write(json) as byte[] ?? [Text, .. Encoding.UTF8.GetBytes(json)];

    /// <summary>A record's JSON as <see cref="Write"/> stored it (or as text, however it was written).</summary>
    /// <exception cref="InvalidDataException">A BLOB of another format.</exception>
    internal static string Read(DbDataReader reader, int ordinal) =>
        reader.GetFieldType(ordinal) == typeof(byte[]) ? Read(reader.GetFieldValue<byte[]>(ordinal)) : reader.GetString(ordinal);

    /// <summary>The JSON of a stored BLOB.</summary>
    /// <exception cref="InvalidDataException">A BLOB of another format.</exception>
    internal static string Read(byte[] stored)
    {
        if (stored.Length > 0 && stored[0] == Text)
        {
            return Encoding.UTF8.GetString(stored, 1, stored.Length - 1);
        }

        if (stored.Length == 0 || stored[0] != Deflated)
        {
            throw new InvalidDataException($"A record is stored in {stored.Length} bytes of format {(stored.Length == 0 ? "none" : stored[0])}: this program reads only formats {Text} and {Deflated}; upgrade the program.");
        }

        using var input = new MemoryStream(DictionaryBlock.Length + stored.Length);
        input.Write(DictionaryBlock);
        input.Write(stored, 1, stored.Length - 1);
        input.Position = 0;
        using var deflate = new DeflateStream(input, CompressionMode.Decompress);
        using var utf8 = new MemoryStream(Dictionary.Length + (stored.Length * 4));
        deflate.CopyTo(utf8);
        return Encoding.UTF8.GetString(utf8.GetBuffer(), Dictionary.Length, (int)utf8.Length - Dictionary.Length);
    }
}
