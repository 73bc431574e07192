using System.Text;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>Values parsed from short UTF-8 texts that repeat on almost every row (entities, accounts, units): a text
/// seen before is matched by its bytes and gives back the value made the first time, without making a string.</summary>
internal sealed class Utf8Values<T>(Func<string, T> parse)
{
    private const int MaxValues = 4_096;
    private readonly Dictionary<ulong, (byte[] Bytes, T Value)> _values = [];

    internal T Get(ReadOnlySpan<byte> utf8)
    {
        var key = Fnv(utf8);
        if (_values.TryGetValue(key, out var known) && utf8.SequenceEqual(known.Bytes))
        {
            return known.Value;
        }

        var value = parse(Encoding.UTF8.GetString(utf8));
        if (_values.Count < MaxValues)
        {
            _values.TryAdd(key, (utf8.ToArray(), value));
        }

        return value;
    }

    /// <summary>FNV-1a over the bytes (a collision only costs a parse: the bytes are compared).</summary>
    private static ulong Fnv(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }

        return hash;
    }
}
