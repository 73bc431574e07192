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
        var text = new StringBuilder(command).Append('\n');
        foreach (var part in parts)
        {
            var value = part switch
            {
                null => "-",
                Money money => money.HasCurrency ? $"{money.MinorUnits} {money.Currency.Code}" : "-",
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => part.ToString() ?? "-",
            };
            text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
