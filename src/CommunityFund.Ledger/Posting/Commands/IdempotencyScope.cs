using System.Security.Cryptography;
using System.Text;

namespace CommunityFund.Posting;

/// <summary>
/// Scopes a client's idempotency key to the API key that sent it, in one place: the key the books record is the caller's
/// key id, <see cref="Separator"/>, and the header value. So a key used by one caller never answers, conflicts with or
/// reveals another caller's request. Books written before keys were scoped hold the header value alone; a scoped key
/// that is not found falls back to its raw form only when the stored command's fingerprint matches (a retry across the
/// upgrade replays, it does not post twice; other content under someone's raw key is a new request, not a 409).
/// </summary>
internal static class IdempotencyScope
{
    /// <summary>Between the caller's key id and the header value (key ids are hex or the demo's names: never this).</summary>
    internal const char Separator = '~';

    /// <summary>Room left under <see cref="PostingLimits.MaxIdempotencyKeyLength"/> for the suffixes commands derive
    /// from a key (<c>:chart</c>, <c>:policy</c>, <c>/n</c>).</summary>
    private const int DerivedSuffixRoom = 16;

    /// <summary>Marks a header value replaced by its SHA-256, when the scoped key would be too long to store.</summary>
    private const string HashedMark = "#sha256:";

    /// <summary>The key recorded for a caller's header value.</summary>
    /// <param name="callerKeyId">The calling API key's id.</param>
    /// <param name="key">The <c>Idempotency-Key</c> header value.</param>
    /// <returns>The scoped key.</returns>
    internal static string Of(string callerKeyId, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(callerKeyId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var scoped = string.Concat(callerKeyId, Separator.ToString(), key);
        return scoped.Length <= PostingLimits.MaxIdempotencyKeyLength - DerivedSuffixRoom
            ? scoped
            : string.Concat(callerKeyId, Separator.ToString(), HashedMark, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
    }

    /// <summary>The key as books written before scoping recorded it (the header value, with any derived suffix), or
    /// <c>null</c> when the key is not scoped or its header value was hashed.</summary>
    /// <param name="key">A recorded key.</param>
    /// <returns>The raw key, or <c>null</c>.</returns>
    internal static string? Legacy(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var at = key.IndexOf(Separator, StringComparison.Ordinal);
        return at <= 0 || at == key.Length - 1 || key.AsSpan(at + 1).StartsWith(HashedMark, StringComparison.Ordinal)
            ? null
            : key[(at + 1)..];
    }
}
