namespace CommunityFund.Storage;

/// <summary>Where a page of documents starts: just after the document with this order and key (documents of a kind are
/// read by order, then key).</summary>
/// <param name="Order">The order of the last document of the page before.</param>
/// <param name="Key">Its key.</param>
public sealed record DocumentCursor(long Order, string Key)
{
    /// <summary>The cursor just after a document.</summary>
    /// <param name="document">The document.</param>
    /// <returns>The cursor.</returns>
    public static DocumentCursor After(LedgerDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new DocumentCursor(document.Order, document.Key);
    }

    /// <summary>Whether a document comes after this cursor (order, then key, ordinal).</summary>
    /// <param name="document">The document.</param>
    /// <returns><c>true</c> when it does.</returns>
    public bool Precedes(LedgerDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Order > Order || (document.Order == Order && string.CompareOrdinal(document.Key, Key) > 0);
    }
}
