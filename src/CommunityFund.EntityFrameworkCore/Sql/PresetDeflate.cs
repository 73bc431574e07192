using System.Buffers;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// Raw DEFLATE (RFC 1951) of a record as if it followed a fixed preset dictionary, written here rather than by zlib
/// (issue 20, ADR 0041): .NET's <see cref="System.IO.Compression.DeflateStream"/> has no preset dictionary, so
/// <see cref="StoredJson"/> compressed the dictionary before every record — half of the ≈ 30–40 µs each record took,
/// ≈ 10% of the API's CPU a sale. Here the dictionary's hash chains are built once; a record is matched against them and
/// itself (greedy, one step of lazy matching, at most <see cref="MaxChain"/> candidates a position) and written as one
/// final block with fixed or dynamic Huffman codes, whichever is shorter. The output is plain DEFLATE: any inflater
/// reads it after the dictionary (<see cref="StoredJson.Read(byte[])"/>, zlib, the PL/pgSQL <c>cf_inflate</c>).
/// </summary>
internal sealed class PresetDeflate
{
    private const int HashBits = 12;
    private const int Window = 32768;
    private const int MinMatch = 3;
    private const int MaxMatch = 258;

    /// <summary>How many earlier positions with the same hash are compared at most, for each position.</summary>
    private const int MaxChain = 48;

    private readonly byte[] _dictionary;

    /// <summary>The dictionary's hash heads and chains: the last position + 1 with each hash (0: none), and for each
    /// position the one before it + 1 with the same hash.</summary>
    private readonly int[] _head = new int[1 << HashBits];
    private readonly int[] _chain;

    /// <summary>Builds the dictionary's hash chains.</summary>
    /// <param name="dictionary">What every record is compressed after (at most 32 KiB, DEFLATE's window).</param>
    internal PresetDeflate(byte[] dictionary)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dictionary.Length, Window);
        _dictionary = dictionary;
        _chain = new int[dictionary.Length];
        for (var i = 0; i + MinMatch <= dictionary.Length; i++)
        {
            Insert(dictionary, _head, _chain, i);
        }
    }

    /// <summary>The DEFLATE stream of <paramref name="data"/> after the dictionary, behind one <paramref name="prefix"/> byte.</summary>
    internal byte[] Compress(ReadOnlySpan<byte> data, byte prefix)
    {
        var total = _dictionary.Length + data.Length;
        var text = ArrayPool<byte>.Shared.Rent(total);
        var head = ArrayPool<int>.Shared.Rent(_head.Length);
        var chain = ArrayPool<int>.Shared.Rent(total);
        var tokens = new DeflateTokens(data.Length);
        try
        {
            _dictionary.CopyTo(text, 0);
            data.CopyTo(text.AsSpan(_dictionary.Length));
            _head.CopyTo(head, 0);
            _chain.CopyTo(chain, 0);
            Tokenize(text.AsSpan(0, total), _dictionary.Length, head, chain, ref tokens);
            return DeflateBlock.Write(ref tokens, prefix);
        }
        finally
        {
            tokens.Return();
            ArrayPool<byte>.Shared.Return(text);
            ArrayPool<int>.Shared.Return(head);
            ArrayPool<int>.Shared.Return(chain);
        }
    }

    /// <summary>LZ77 over <paramref name="text"/> from <paramref name="start"/>: a match of 3–258 bytes up to 32 KiB back,
    /// or a literal; a longer match at the next byte defers this one by a literal.</summary>
    private static void Tokenize(ReadOnlySpan<byte> text, int start, int[] head, int[] chain, ref DeflateTokens tokens)
    {
        var p = start;
        while (p < text.Length)
        {
            var (length, distance) = LongestMatch(text, head, chain, p);
            Insert(text, head, chain, p);
            if (length >= MinMatch && length < MaxMatch && LongestMatch(text, head, chain, p + 1) is var (next, nextDistance) && next > length)
            {
                tokens.Literal(text[p]);
                p++;
                (length, distance) = (next, nextDistance);
                Insert(text, head, chain, p);
            }

            if (length < MinMatch)
            {
                tokens.Literal(text[p]);
                p++;
                continue;
            }

            tokens.Match(length, distance);
            for (var k = 1; k < length; k++)
            {
                Insert(text, head, chain, p + k);
            }

            p += length;
        }
    }

    private static (int Length, int Distance) LongestMatch(ReadOnlySpan<byte> text, int[] head, int[] chain, int p)
    {
        if (p + MinMatch > text.Length)
        {
            return (0, 0);
        }

        var limit = Math.Min(MaxMatch, text.Length - p);
        var best = MinMatch - 1;
        var bestDistance = 0;
        var candidate = head[Hash(text, p)] - 1;
        for (var tried = 0; candidate >= 0 && tried < MaxChain && p - candidate <= Window; tried++)
        {
            if (text[candidate + best] == text[p + best])
            {
                var length = text.Slice(candidate, limit).CommonPrefixLength(text.Slice(p, limit));
                if (length > best)
                {
                    (best, bestDistance) = (length, p - candidate);
                    if (length == limit)
                    {
                        break;
                    }
                }
            }

            candidate = chain[candidate] - 1;
        }

        return best >= MinMatch ? (best, bestDistance) : (0, 0);
    }

    private static void Insert(ReadOnlySpan<byte> text, int[] head, int[] chain, int p)
    {
        if (p + MinMatch <= text.Length)
        {
            var hash = Hash(text, p);
            chain[p] = head[hash];
            head[hash] = p + 1;
        }
    }

    private static int Hash(ReadOnlySpan<byte> text, int p) =>
        (int)(unchecked((uint)(text[p] | (text[p + 1] << 8) | (text[p + 2] << 16)) * 2654435761u) >> (32 - HashBits));
}
