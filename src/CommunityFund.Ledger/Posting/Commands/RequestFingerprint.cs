using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CommunityFund.Posting;

/// <summary>The SHA-256 of a command's content, written on its journals so a replayed key can be told from a reused one.</summary>
internal static class RequestFingerprint
{
    internal const string MetadataKey = "request";

    internal static string Of(string command, params object?[] parts)
    {
        // The SHA-256 of "{command}\n" then "{UTF-8 byte count}:{value}\n" per part, hashed piece by piece: an import
        // batch's content is 10,000 rows of JSON, which as one string and its bytes were about 30 MB each time.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, command);
        Append(hash, "\n");
        foreach (var part in parts)
        {
            var value = part switch
            {
                null => "-",
                Money money => money.HasCurrency ? $"{money.MinorUnits} {money.Currency.Code}" : "-",
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => part.ToString() ?? "-",
            };
            Append(hash, Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture));
            Append(hash, ":");
            Append(hash, value);
            Append(hash, "\n");
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Hashes the UTF-8 of <paramref name="text"/> through a rented buffer. The pieces are cut only at ASCII
    /// characters, so their bytes are those of the whole text.</summary>
    private static void Append(IncrementalHash hash, string text)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var count = Encoding.UTF8.GetBytes(text, buffer);
            hash.AppendData(buffer, 0, count);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
