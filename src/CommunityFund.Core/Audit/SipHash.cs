using System.Buffers.Binary;
using System.Numerics;

namespace CommunityFund.Audit;

/// <summary>SipHash-2-4 (Aumasson and Bernstein, 2012) of a 16-byte value under a 128-bit key: a keyed pseudo-random
/// function, so without the key no one can choose values whose hashes relate in a way they want.</summary>
internal static class SipHash
{
    /// <summary>The hash of a GUID's 16 bytes (in <see cref="Guid.TryWriteBytes(Span{byte})"/> order).</summary>
    internal static ulong Of(Guid value, ulong key0, ulong key1)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        return Of16(bytes, key0, key1);
    }

    /// <summary>The hash of exactly 16 bytes.</summary>
    internal static ulong Of16(ReadOnlySpan<byte> message, ulong key0, ulong key1)
    {
        if (message.Length != 16)
        {
            throw new ArgumentException("Exactly 16 bytes are hashed.", nameof(message));
        }

        var v0 = key0 ^ 0x736f6d6570736575UL;
        var v1 = key1 ^ 0x646f72616e646f6dUL;
        var v2 = key0 ^ 0x6c7967656e657261UL;
        var v3 = key1 ^ 0x7465646279746573UL;
        Compress(ref v0, ref v1, ref v2, ref v3, BinaryPrimitives.ReadUInt64LittleEndian(message));
        Compress(ref v0, ref v1, ref v2, ref v3, BinaryPrimitives.ReadUInt64LittleEndian(message[8..]));
        Compress(ref v0, ref v1, ref v2, ref v3, 16UL << 56);
        v2 ^= 0xff;
        for (var i = 0; i < 4; i++)
        {
            Round(ref v0, ref v1, ref v2, ref v3);
        }

        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static void Compress(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3, ulong word)
    {
        v3 ^= word;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= word;
    }

    /// <summary>One SipRound; its additions wrap modulo 2⁶⁴ by definition (the project checks arithmetic otherwise).</summary>
    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        unchecked
        {
            v0 += v1;
            v1 = BitOperations.RotateLeft(v1, 13);
            v1 ^= v0;
            v0 = BitOperations.RotateLeft(v0, 32);
            v2 += v3;
            v3 = BitOperations.RotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = BitOperations.RotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = BitOperations.RotateLeft(v1, 17);
            v1 ^= v2;
            v2 = BitOperations.RotateLeft(v2, 32);
        }
    }
}
