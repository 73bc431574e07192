namespace CommunityFund.EntityFrameworkCore;

/// <summary>A canonical Huffman code as DEFLATE uses it (RFC 1951 §3.2.2): each symbol's code length, and its code
/// with the bits reversed, ready for a least-significant-bit-first <see cref="BitWriter"/>.</summary>
internal sealed class HuffmanCode
{
    private readonly ushort[] _reversed;

    private HuffmanCode(byte[] lengths, ushort[] reversed) => (Lengths, _reversed) = (lengths, reversed);

    /// <summary>Each symbol's code length; 0 for a symbol without a code.</summary>
    internal byte[] Lengths { get; }

    /// <summary>The last symbol with a code, plus one.</summary>
    internal int UsedSymbols => Array.FindLastIndex(Lengths, l => l != 0) + 1;

    internal int LengthOf(int symbol) => Lengths[symbol];

    internal void Write(ref BitWriter bits, int symbol) => bits.Write(_reversed[symbol], Lengths[symbol]);

    /// <summary>The canonical code of the given code lengths.</summary>
    internal static HuffmanCode Of(byte[] lengths)
    {
        Span<int> perLength = stackalloc int[16];
        foreach (var length in lengths)
        {
            perLength[length]++;
        }

        perLength[0] = 0;
        Span<int> next = stackalloc int[16];
        for (int bits = 1, code = 0; bits < 16; bits++)
        {
            code = (code + perLength[bits - 1]) << 1;
            next[bits] = code;
        }

        var reversed = new ushort[lengths.Length];
        for (var symbol = 0; symbol < lengths.Length; symbol++)
        {
            if (lengths[symbol] != 0)
            {
                reversed[symbol] = Reverse(next[lengths[symbol]]++, lengths[symbol]);
            }
        }

        return new HuffmanCode(lengths, reversed);
    }

    /// <summary>Code lengths of a Huffman code for <paramref name="counts"/> of at most <paramref name="maxBits"/> bits:
    /// a complete code of at least two symbols (a symbol never used may get one, as inflaters want), rebuilt on halved
    /// counts while the longest is too long.</summary>
    internal static byte[] Limited(ReadOnlySpan<int> counts, int maxBits)
    {
        Span<int> weights = stackalloc int[counts.Length];
        counts.CopyTo(weights);
        var used = 0;
        foreach (var weight in weights)
        {
            used += weight > 0 ? 1 : 0;
        }

        for (var s = 0; used < 2; s++)
        {
            used += weights[s] == 0 ? 1 : 0;
            weights[s] = Math.Max(weights[s], 1);
        }

        while (true)
        {
            var lengths = Unlimited(weights);
            if (Longest(lengths) <= maxBits)
            {
                return lengths;
            }

            for (var s = 0; s < weights.Length; s++)
            {
                weights[s] = weights[s] == 0 ? 0 : Math.Max(1, weights[s] >> 1);
            }
        }
    }

    private static int Longest(byte[] lengths)
    {
        var longest = 0;
        foreach (var length in lengths)
        {
            longest = Math.Max(longest, length);
        }

        return longest;
    }

    /// <summary>Huffman's code lengths for the symbols of non-zero weight (two queues: the leaves by weight, and the
    /// joined nodes, which come out in order of weight).</summary>
    private static byte[] Unlimited(ReadOnlySpan<int> weights)
    {
        // The leaves by weight, then symbol: each sort key is the weight above the symbol's 9 bits.
        Span<long> leaves = stackalloc long[weights.Length];
        var n = 0;
        for (var s = 0; s < weights.Length; s++)
        {
            if (weights[s] > 0)
            {
                leaves[n++] = ((long)weights[s] << 9) | (uint)s;
            }
        }

        leaves = leaves[..n];
        leaves.Sort();
        Span<long> weight = stackalloc long[(2 * n) - 1];
        Span<int> parent = stackalloc int[(2 * n) - 1];
        for (var i = 0; i < n; i++)
        {
            weight[i] = leaves[i] >> 9;
        }

        int leaf = 0, joined = n;
        for (var node = n; node < weight.Length; node++)
        {
            var a = leaf < n && (joined >= node || weight[leaf] <= weight[joined]) ? leaf++ : joined++;
            var b = leaf < n && (joined >= node || weight[leaf] <= weight[joined]) ? leaf++ : joined++;
            (weight[node], parent[a], parent[b]) = (weight[a] + weight[b], node, node);
        }

        // A node's parent comes after it: depths fill in from the root (the last node) down.
        Span<byte> depth = stackalloc byte[weight.Length];
        for (var node = weight.Length - 2; node >= 0; node--)
        {
            depth[node] = (byte)(depth[parent[node]] + 1);
        }

        var lengths = new byte[weights.Length];
        for (var i = 0; i < n; i++)
        {
            lengths[(int)(leaves[i] & 0x1FF)] = depth[i];
        }

        return lengths;
    }

    /// <summary>The low <paramref name="bits"/> bits of <paramref name="code"/> in reverse order.</summary>
    private static ushort Reverse(int code, int bits) =>
        (ushort)(((ReversedBytes[code & 0xFF] << 8) | ReversedBytes[(code >> 8) & 0xFF]) >> (16 - bits));

    private static readonly byte[] ReversedBytes = [.. Enumerable.Range(0, 256).Select(ReverseByte)];

    private static byte ReverseByte(int value)
    {
        var reversed = 0;
        for (var i = 0; i < 8; i++, value >>= 1)
        {
            reversed = (reversed << 1) | (value & 1);
        }

        return (byte)reversed;
    }
}

/// <summary>Bits packed least significant first into bytes, as DEFLATE sends them, after one leading byte.</summary>
internal struct BitWriter
{
    private byte[] _bytes;
    private int _count;
    private ulong _pending;
    private int _pendingBits;

    internal BitWriter(byte first, int capacity)
    {
        _bytes = new byte[Math.Max(capacity, 16)];
        _bytes[0] = first;
        _count = 1;
    }

    /// <summary>Appends the low <paramref name="bits"/> bits of <paramref name="value"/> (at most 16).</summary>
    internal void Write(uint value, int bits)
    {
        _pending |= (ulong)value << _pendingBits;
        _pendingBits += bits;
        while (_pendingBits >= 8)
        {
            if (_count == _bytes.Length)
            {
                Array.Resize(ref _bytes, _bytes.Length * 2);
            }

            _bytes[_count++] = unchecked((byte)_pending);
            _pending >>= 8;
            _pendingBits -= 8;
        }
    }

    /// <summary>The bytes, the last one padded with zero bits.</summary>
    internal byte[] ToArray()
    {
        if (_pendingBits > 0)
        {
            Write(0, 8 - _pendingBits);
        }

        return _bytes.AsSpan(0, _count).ToArray();
    }
}
