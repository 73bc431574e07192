using System.Text;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// A hash, a caller's key or a source reference as PostgreSQL stores it in a <c>bytea</c> since <c>PackedValues</c>
/// (issue 20, ADR 0035) — what SQLite gets from a BLOB in a column of TEXT affinity: a UUID in its canonical text
/// (lower-case, with hyphens; most idempotency keys and every sale's record key) as its 16 bytes, a SHA-256 hash in its
/// canonical text (64 lower-case hex digits) as its 32 bytes, and any other text as the byte <see cref="Utf8"/> and its
/// UTF-8 — or, when that would make 16 or 32 bytes (a text of 15 or 31 bytes), the byte <see cref="Utf8Padded"/>, its
/// UTF-8 and a zero byte: the lengths 16 and 32 are the UUIDs' and hashes' alone. So every text reads back exactly as
/// written, the stored forms of two texts are equal only when the texts are, and the empty <c>bytea</c> — no text's
/// form — is free to mean "the same as the journal before" (<see cref="SameAsBefore"/>).
/// </summary>
internal static class PackedText
{
    /// <summary>The first byte of a text stored as its UTF-8.</summary>
    internal const byte Utf8 = 0;

    /// <summary>The first byte of a text stored as its UTF-8 and a zero byte (a text of 15 or 31 bytes of UTF-8).</summary>
    internal const byte Utf8Padded = 1;

    /// <summary>The stored form of <paramref name="text"/>.</summary>
    internal static byte[] Write(string text)
    {
        if (Dialect.CanonicalUuid(text) is { } uuid)
        {
            return uuid.ToByteArray(bigEndian: true);
        }

        if (Dialect.IsCanonicalHash(text))
        {
            return Convert.FromHexString(text);
        }

        var length = Encoding.UTF8.GetByteCount(text);
        var padded = length is 15 or 31;
        var bytes = new byte[length + (padded ? 2 : 1)];
        bytes[0] = padded ? Utf8Padded : Utf8;
        Encoding.UTF8.GetBytes(text, bytes.AsSpan(1));
        return bytes;
    }

    /// <summary>The text <see cref="Write"/> stored as <paramref name="stored"/> (the empty text for the empty form).</summary>
    /// <exception cref="InvalidDataException">Bytes of another form.</exception>
    internal static string Read(byte[] stored) =>
        TryRead(stored) ?? throw new InvalidDataException($"A value is stored in {stored.Length} bytes starting with {stored[0]}: this program does not know that form; upgrade the program.");

    /// <summary>The text <see cref="Write"/> stored as <paramref name="stored"/>, or <c>null</c> for bytes of another form.</summary>
    internal static string? TryRead(byte[] stored) => stored.Length switch
    {
        0 => string.Empty,
        16 => new Guid(stored, bigEndian: true).ToString("D"),
        32 => Convert.ToHexStringLower(stored),
        _ when stored[0] == Utf8 => Encoding.UTF8.GetString(stored, 1, stored.Length - 1),
        17 or 33 when stored[0] == Utf8Padded => Encoding.UTF8.GetString(stored, 1, stored.Length - 2),
        _ => null,
    };
}
