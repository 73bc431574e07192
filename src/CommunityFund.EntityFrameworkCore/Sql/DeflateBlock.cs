using System.Buffers;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>The LZ77 output of <see cref="PresetDeflate"/>: literals and (length, distance) matches, in pooled arrays.</summary>
internal struct DeflateTokens
{
    private ushort[] _lengths;
    private ushort[] _values;

    /// <summary>Room for <paramref name="bytes"/> bytes' tokens (a token takes at least one byte).</summary>
    internal DeflateTokens(int bytes)
    {
        _lengths = ArrayPool<ushort>.Shared.Rent(bytes + 1);
        _values = ArrayPool<ushort>.Shared.Rent(bytes + 1);
    }

    internal int Count { get; private set; }

    /// <summary>The match length of token <paramref name="i"/>, 0 for a literal.</summary>
    internal readonly int Length(int i) => _lengths[i];

    /// <summary>The byte of a literal, or the distance of a match.</summary>
    internal readonly int Value(int i) => _values[i];

    internal void Literal(byte value) => Add(0, value);

    internal void Match(int length, int distance) => Add(length, distance);

    internal readonly void Return()
    {
        ArrayPool<ushort>.Shared.Return(_lengths);
        ArrayPool<ushort>.Shared.Return(_values);
    }

    private void Add(int length, int value)
    {
        _lengths[Count] = (ushort)length;
        _values[Count] = (ushort)value;
        Count++;
    }
}

/// <summary>
/// One final DEFLATE block (RFC 1951 §3.2.5–3.2.7) of <see cref="DeflateTokens"/>: with the fixed Huffman codes or
/// with dynamic ones built from the tokens' frequencies (lengths limited to 15 bits, the code lengths run-length
/// coded), whichever takes fewer bits.
/// </summary>
internal static class DeflateBlock
{
    private const int EndOfBlock = 256;
    private const int LiteralSymbols = 286;
    private const int DistanceSymbols = 30;

    private static readonly int[] LengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    private static readonly int[] LengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    private static readonly int[] DistanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
    private static readonly int[] DistanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

    /// <summary>The order in which the code length code's lengths are sent.</summary>
    private static readonly int[] CodeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

    /// <summary>The length symbol's index (0–28) of each match length 0–258.</summary>
    private static readonly byte[] LengthCode = Codes(LengthBase, 259);

    /// <summary>The distance symbol of each distance 0–32768.</summary>
    private static readonly byte[] DistanceCode = Codes(DistanceBase, 32769);

    private static readonly HuffmanCode FixedLiterals = HuffmanCode.Of([.. Enumerable.Range(0, 288).Select(s => (byte)(s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8))]);
    private static readonly HuffmanCode FixedDistances = HuffmanCode.Of([.. Enumerable.Repeat((byte)5, 30)]);

    /// <summary>The block's bytes behind <paramref name="prefix"/>.</summary>
    internal static byte[] Write(ref DeflateTokens tokens, byte prefix)
    {
        Span<int> literalCounts = stackalloc int[LiteralSymbols];
        Span<int> distanceCounts = stackalloc int[DistanceSymbols];
        Count(ref tokens, literalCounts, distanceCounts);
        using var dynamic = DynamicCodes.Of(literalCounts, distanceCounts);
        var fixedBits = Cost(FixedLiterals, literalCounts) + Cost(FixedDistances, distanceCounts);
        var useDynamic = dynamic.HeaderBits + Cost(dynamic.Literals, literalCounts) + Cost(dynamic.Distances, distanceCounts) < fixedBits;
        var bits = new BitWriter(prefix, tokens.Count + 64);
        bits.Write(useDynamic ? 0b101u : 0b011u, 3); // BFINAL, then BTYPE 2 (dynamic) or 1 (fixed)
        if (useDynamic)
        {
            dynamic.WriteHeader(ref bits);
        }

        var (literals, distances) = useDynamic ? (dynamic.Literals, dynamic.Distances) : (FixedLiterals, FixedDistances);
        for (var i = 0; i < tokens.Count; i++)
        {
            var length = tokens.Length(i);
            if (length == 0)
            {
                literals.Write(ref bits, tokens.Value(i));
                continue;
            }

            int code = LengthCode[length];
            literals.Write(ref bits, 257 + code);
            bits.Write((uint)(length - LengthBase[code]), LengthExtra[code]);
            var distance = tokens.Value(i);
            code = DistanceCode[distance];
            distances.Write(ref bits, code);
            bits.Write((uint)(distance - DistanceBase[code]), DistanceExtra[code]);
        }

        literals.Write(ref bits, EndOfBlock);
        return bits.ToArray();
    }

    private static void Count(ref DeflateTokens tokens, Span<int> literals, Span<int> distances)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var length = tokens.Length(i);
            if (length == 0)
            {
                literals[tokens.Value(i)]++;
            }
            else
            {
                literals[257 + LengthCode[length]]++;
                distances[DistanceCode[tokens.Value(i)]]++;
            }
        }

        literals[EndOfBlock]++;
    }

    /// <summary>The bits the symbols take in <paramref name="code"/> (extra bits are the same in every code).</summary>
    private static long Cost(HuffmanCode code, ReadOnlySpan<int> counts)
    {
        long bits = 0;
        for (var s = 0; s < counts.Length; s++)
        {
            bits += (long)counts[s] * code.LengthOf(s);
        }

        return bits;
    }

    /// <summary>For each value 0…<paramref name="size"/> − 1, the index of the last base at or below it.</summary>
    private static byte[] Codes(int[] bases, int size)
    {
        var codes = new byte[size];
        var code = 0;
        for (var value = bases[0]; value < size; value++)
        {
            while (code + 1 < bases.Length && bases[code + 1] <= value)
            {
                code++;
            }

            codes[value] = (byte)code;
        }

        return codes;
    }

    /// <summary>A block's dynamic codes and how its header sends them: the code lengths of both codes run-length coded
    /// (symbols 16–18) in a code of their own. Disposing returns its pooled runs.</summary>
    private sealed class DynamicCodes : IDisposable
    {
        private readonly (int Symbol, int Extra)[] _runs;
        private readonly int _runCount;
        private readonly HuffmanCode _codeLengths;
        private readonly int _literalCount;
        private readonly int _distanceCount;
        private readonly int _codeLengthCount;

        private DynamicCodes(HuffmanCode literals, HuffmanCode distances)
        {
            (Literals, Distances) = (literals, distances);
            _literalCount = Math.Max(257, literals.UsedSymbols);
            _distanceCount = Math.Max(1, distances.UsedSymbols);
            Span<byte> lengths = stackalloc byte[_literalCount + _distanceCount];
            literals.Lengths.AsSpan(0, _literalCount).CopyTo(lengths);
            distances.Lengths.AsSpan(0, _distanceCount).CopyTo(lengths[_literalCount..]);
            _runs = ArrayPool<(int, int)>.Shared.Rent(lengths.Length); // never more runs than lengths
            _runCount = Runs(lengths, _runs);
            Span<int> runCounts = stackalloc int[19];
            foreach (var (symbol, _) in _runs.AsSpan(0, _runCount))
            {
                runCounts[symbol]++;
            }

            _codeLengths = HuffmanCode.Of(HuffmanCode.Limited(runCounts, 7));
            _codeLengthCount = 19;
            while (_codeLengthCount > 4 && _codeLengths.LengthOf(CodeLengthOrder[_codeLengthCount - 1]) == 0)
            {
                _codeLengthCount--;
            }

            HeaderBits = 5 + 5 + 4 + (3 * _codeLengthCount);
            foreach (var (symbol, _) in _runs.AsSpan(0, _runCount))
            {
                HeaderBits += _codeLengths.LengthOf(symbol) + ExtraBits(symbol);
            }
        }

        internal HuffmanCode Literals { get; }

        internal HuffmanCode Distances { get; }

        /// <summary>The header's bits after the block type.</summary>
        internal long HeaderBits { get; }

        internal static DynamicCodes Of(ReadOnlySpan<int> literalCounts, ReadOnlySpan<int> distanceCounts) =>
            new(HuffmanCode.Of(HuffmanCode.Limited(literalCounts, 15)), HuffmanCode.Of(HuffmanCode.Limited(distanceCounts, 15)));

        internal void WriteHeader(ref BitWriter bits)
        {
            bits.Write((uint)(_literalCount - 257), 5);
            bits.Write((uint)(_distanceCount - 1), 5);
            bits.Write((uint)(_codeLengthCount - 4), 4);
            for (var i = 0; i < _codeLengthCount; i++)
            {
                bits.Write((uint)_codeLengths.LengthOf(CodeLengthOrder[i]), 3);
            }

            foreach (var (symbol, extra) in _runs.AsSpan(0, _runCount))
            {
                _codeLengths.Write(ref bits, symbol);
                bits.Write((uint)extra, ExtraBits(symbol));
            }
        }

        public void Dispose() => ArrayPool<(int, int)>.Shared.Return(_runs);

        private static int ExtraBits(int symbol) => symbol switch { 16 => 2, 17 => 3, 18 => 7, _ => 0 };

        /// <summary>Code lengths as the code length alphabet sends them: 16 repeats the one before 3–6 times, 17 and 18
        /// send 3–10 and 11–138 zeros. Returns how many runs it wrote to <paramref name="runs"/>.</summary>
        private static int Runs(ReadOnlySpan<byte> lengths, (int Symbol, int Extra)[] runs)
        {
            var count = 0;
            for (var i = 0; i < lengths.Length;)
            {
                var value = lengths[i];
                var run = 1;
                while (i + run < lengths.Length && lengths[i + run] == value)
                {
                    run++;
                }

                i += run;
                if (value == 0)
                {
                    for (; run >= 11; run -= Math.Min(run, 138))
                    {
                        runs[count++] = (18, Math.Min(run, 138) - 11);
                    }

                    if (run >= 3)
                    {
                        runs[count++] = (17, run - 3);
                        run = 0;
                    }
                }
                else
                {
                    runs[count++] = (value, 0);
                    for (run--; run >= 3; run -= Math.Min(run, 6))
                    {
                        runs[count++] = (16, Math.Min(run, 6) - 3);
                    }
                }

                for (; run > 0; run--)
                {
                    runs[count++] = (value, 0);
                }
            }

            return count;
        }
    }
}
