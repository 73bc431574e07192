namespace CommunityFund.Storage;

/// <summary>
/// A record kept beside the journals (e.g. a sale record or a settlement statement), as JSON with the version of its
/// schema. Records are written in the same transaction as the journals they belong to, so the two never disagree after
/// a crash. Services read and write them through a typed <see cref="RecordType{T}"/>, never as loose JSON.
/// </summary>
/// <param name="Kind">The kind, e.g. <c>sale</c>.</param>
/// <param name="Key">The key, unique per kind and ledger.</param>
/// <param name="Owner">The entity it belongs to, for listing by owner; or <c>null</c>.</param>
/// <param name="Order">The position for listing (e.g. the journal sequence that created it).</param>
/// <param name="Json">The content.</param>
public sealed record LedgerDocument(string Kind, string Key, string? Owner, long Order, string Json)
{
    /// <summary>The version of the record's schema it was written with (1 for records written before versions were
    /// kept). A reader refuses a version newer than it knows and upgrades an older one.</summary>
    public int SchemaVersion { get; init; } = 1;
}
